#pragma once
// Storage role: photos and receipts kept with a visit or one of its questions.

#include "storage/types.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace vs::storage {

/// A photo or receipt stored with a visit (question empty) or one of its questions.
struct AttachmentInfo {
    std::int64_t id = 0;
    std::int64_t visit_id = 0;
    std::string question;
    std::string name;
    std::string mime;
    std::int64_t size = 0;
    std::vector<unsigned char> thumbnail; ///< PNG
    std::string added_at;
    std::string sha256;      ///< lower-case hex SHA-256 of the data ("" for ones stored before)
    std::string captured_at; ///< the photo's own capture time (EXIF DateTimeOriginal, local
                             ///< YYYY-MM-DDTHH:MM:SS); empty when unknown
};

/// Stores, lists and removes a visit's attachments.
class AttachmentStore {
  public:
    virtual ~AttachmentStore() = default;

    /// Stores a photo or receipt with a visit (question empty) or one of its questions, with
    /// the SHA-256 of its data and the capture time its photo says (`captured_at`, local
    /// YYYY-MM-DDTHH:MM:SS; empty when unknown).
    virtual std::int64_t add_attachment(std::int64_t visit_id, const std::string& question,
                                        const std::string& name, const std::string& mime,
                                        const std::vector<unsigned char>& data,
                                        const std::vector<unsigned char>& thumbnail,
                                        const std::string& captured_at = {}) = 0;
    /// The attachments of a visit (thumbnails, no full data).
    virtual std::vector<AttachmentInfo> attachments(std::int64_t visit_id) = 0;
    /// The full data of one attachment.
    virtual std::vector<unsigned char> attachment_data(std::int64_t attachment_id) = 0;
    /// Removes an attachment of a draft.
    virtual void remove_attachment(std::int64_t attachment_id) = 0;
    /// Every stored attachment whose sha256 is one of `hashes`, as (sha256, visit id), ordered
    /// by sha256 then visit: where a photo was used before.
    virtual std::vector<std::pair<std::string, std::int64_t>>
    visits_with_sha256(const std::vector<std::string>& hashes) = 0;
};

} // namespace vs::storage
