#pragma once
// What the GUI tests of the shopper's side share: a phone-like JPEG with an EXIF capture time,
// and answering a visit's questions through its page as a person's clicks do.

#include "app/shell/ui_util.h"
#include "app/visits/visit_page.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <wx/image.h>

namespace vs::test {

/// A small JPEG (a shelf-coloured picture) with an EXIF block whose DateTimeOriginal is
/// `taken` ("YYYY:MM:DD HH:MM:SS"), as a phone camera writes it.
inline void write_jpeg_with_exif(const std::string& path, const std::string& taken,
                                 unsigned char tint) {
    wxImage img(160, 120);
    img.SetRGB(wxRect(0, 0, 160, 120), 0xD8, 0xC8, tint);
    img.SetRGB(wxRect(20, 30, 120, 60), 0x40, 0x70, 0xA0);
    const std::string plain = path + ".plain.jpg";
    BOOST_REQUIRE(img.SaveFile(app::wxs(plain), wxBITMAP_TYPE_JPEG));
    std::ifstream in(plain, std::ios::binary);
    std::string jpeg((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    BOOST_REQUIRE(jpeg.size() > 4 && static_cast<unsigned char>(jpeg[0]) == 0xFF &&
                  static_cast<unsigned char>(jpeg[1]) == 0xD8);
    // TIFF, little-endian: IFD0 with the Exif IFD pointer, the Exif IFD with DateTimeOriginal.
    std::string tiff;
    const auto u16 = [&](unsigned v) {
        tiff += static_cast<char>(v & 0xFF);
        tiff += static_cast<char>((v >> 8) & 0xFF);
    };
    const auto u32 = [&](unsigned v) {
        u16(v & 0xFFFF);
        u16(v >> 16);
    };
    tiff += "II";
    u16(42);
    u32(8); // IFD0 at 8
    u16(1); // one entry: ExifIFDPointer (LONG) -> 26
    u16(0x8769);
    u16(4);
    u32(1);
    u32(26);
    u32(0); // no next IFD
    u16(1); // Exif IFD at 26, one entry: DateTimeOriginal (ASCII, 20) -> 44
    u16(0x9003);
    u16(2);
    u32(20);
    u32(44);
    u32(0);
    BOOST_REQUIRE(tiff.size() == 44u);
    BOOST_REQUIRE(taken.size() == 19u);
    tiff += taken;
    tiff += '\0';
    std::string app1 = "\xFF\xE1";
    const unsigned len = static_cast<unsigned>(2 + 6 + tiff.size());
    app1 += static_cast<char>(len >> 8);
    app1 += static_cast<char>(len & 0xFF);
    app1 += std::string("Exif\0\0", 6);
    app1 += tiff;
    std::ofstream out(path, std::ios::binary);
    out << jpeg.substr(0, 2) << app1 << jpeg.substr(2);
    std::filesystem::remove(plain);
}

/// Answers every visible required question through the page, as a person's clicks do.
inline void answer_all(app::VisitPage* page) {
    const forms::Template& tpl = page->model()->tpl();
    for (int qi = 0; qi < static_cast<int>(tpl.questions.size()); ++qi) {
        if (!page->model()->visible(qi) || !page->model()->required(qi))
            continue;
        const forms::Question& q = tpl.questions[static_cast<std::size_t>(qi)];
        switch (q.type) {
        case forms::QuestionType::YesNo:
            page->answer_from_ui(qi, forms::Answer::text(q.expect.empty() ? "yes" : q.expect));
            break;
        case forms::QuestionType::Scale:
        case forms::QuestionType::Nps:
            page->answer_from_ui(
                qi, forms::Answer::number(q.type == forms::QuestionType::Nps ? 9 : q.max));
            break;
        case forms::QuestionType::Choice:
            page->answer_from_ui(qi, forms::Answer::text(q.options.front().id));
            break;
        case forms::QuestionType::Checklist:
            page->answer_from_ui(qi, forms::Answer::list({q.options.front().id}));
            break;
        case forms::QuestionType::Number:
            page->answer_from_ui(qi, forms::Answer::number(3));
            break;
        case forms::QuestionType::Text:
            page->answer_from_ui(qi, forms::Answer::text("Friendly greeting at the door."));
            break;
        }
    }
}

} // namespace vs::test
