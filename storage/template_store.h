#pragma once
// Storage role: scorecard templates, each stored version kept as it was imported.

#include "forms/template.h"
#include "storage/types.h"

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace vs::storage {

struct TemplateInfo {
    std::string id;
    int version = 0;
    std::string name;
    std::string channel;
    std::int64_t visits = 0;
};

/// Stores and finds scorecard template versions. A version with visits never changes.
class TemplateStore {
  public:
    virtual ~TemplateStore() = default;

    /// Stores a template version. The same version again is a no-op (returns false); a
    /// different template under a stored id and version throws InputError.
    virtual bool add_template(const forms::Template& tpl, const std::string& file) = 0;
    /// Stores several template versions (each with the file it came from) all or none, in one
    /// transaction: every one is checked against the stored versions and the others first.
    /// Returns, per template, whether it was new (false: the same version was already stored).
    virtual std::vector<bool>
    add_templates(const std::vector<std::pair<forms::Template, std::string>>& templates) = 0;
    /// Every stored template version, with how many visits use it.
    virtual std::vector<TemplateInfo> templates() = 0;
    /// Every stored template version (id, version) in templates()' order, without the counts:
    /// for a caller that needs the versions only (counting reads every visit).
    virtual std::vector<std::pair<std::string, int>> template_versions() = 0;
    /// A stored template version, or nullptr.
    virtual std::shared_ptr<const forms::Template> find_template(const std::string& id,
                                                                 int version) = 0;
    /// The newest stored version of a template, or nullptr.
    virtual std::shared_ptr<const forms::Template> latest_template(const std::string& id) = 0;
};

} // namespace vs::storage
