#include "services/photo_evidence.h"

#include <cstdio>
#include <libexif/exif-data.h>
#include <memory>

namespace vs::services {

namespace {

struct ExifFree {
    void operator()(ExifData* d) const { exif_data_unref(d); }
};

// "YYYY:MM:DD HH:MM:SS" (EXIF) -> "YYYY-MM-DDTHH:MM:SS"; "" when not a plausible time.
std::string iso_time(const char* exif) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (std::sscanf(exif, "%4d:%2d:%2d %2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6)
        return {};
    if (y < 1990 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
        return {};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, h, mi, s);
    return buf;
}

std::string tag_text(ExifData* data, ExifIfd ifd, ExifTag tag) {
    ExifEntry* e = exif_content_get_entry(data->ifd[ifd], tag);
    if (!e)
        return {};
    char buf[64] = {};
    exif_entry_get_value(e, buf, sizeof buf);
    return iso_time(buf);
}

} // namespace

std::string photo_captured_at(const std::vector<unsigned char>& data) {
    if (data.size() < 4)
        return {};
    std::unique_ptr<ExifData, ExifFree> exif(
        exif_data_new_from_data(data.data(), static_cast<unsigned int>(data.size())));
    if (!exif)
        return {};
    std::string t = tag_text(exif.get(), EXIF_IFD_EXIF, EXIF_TAG_DATE_TIME_ORIGINAL);
    if (t.empty())
        t = tag_text(exif.get(), EXIF_IFD_0, EXIF_TAG_DATE_TIME);
    return t;
}

} // namespace vs::services
