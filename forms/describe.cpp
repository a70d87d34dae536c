#include "forms/describe.h"

#include "forms/error.h"
#include "forms/progress.h"

#include <filesystem>
#include <ios>
#include <new>
#include <nlohmann/json.hpp>

namespace vs {

std::string describe(std::exception_ptr error) {
    const std::string unexpected = "an unexpected failure";
    if (!error)
        return unexpected;
    try {
        std::rethrow_exception(error);
    } catch (const InputError& e) {
        return e.what();
    } catch (const Cancelled&) {
        return "cancelled";
    } catch (const std::filesystem::filesystem_error& e) {
        std::string where = e.path1().string();
        if (!e.path2().empty())
            where += " -> " + e.path2().string();
        return (where.empty() ? std::string() : where + ": ") + e.code().message();
    } catch (const std::ios_base::failure&) {
        return "a file could not be read or written";
    } catch (const nlohmann::json::exception&) {
        return "unexpected data in a stored or given file";
    } catch (const std::bad_alloc&) {
        return "out of memory";
    } catch (const std::exception& e) {
        const std::string what = e.what();
        return what.empty() ? unexpected : what;
    } catch (...) {
        return unexpected;
    }
}

} // namespace vs
