#pragma once
// What a photo says about itself, kept as evidence when it is attached to a visit: its capture
// time from the EXIF data a camera writes (libexif).

#include <string>
#include <vector>

namespace vs::services {

/// The photo's EXIF DateTimeOriginal (or, failing that, DateTime) as local
/// "YYYY-MM-DDTHH:MM:SS"; "" when the data holds no EXIF or no readable time (PNGs, screenshots,
/// photos whose EXIF was stripped).
std::string photo_captured_at(const std::vector<unsigned char>& data);

} // namespace vs::services
