#include "services/assignments.h"

#include "forms/csv.h"
#include "forms/dates.h"
#include "forms/error.h"
#include "storage/assignment_checks.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <map>
#include <random>

namespace vs::services {
namespace {

using storage::Assignment;

std::string format_uuid(std::uint64_t a, std::uint64_t b, unsigned version) {
    a = (a & 0xFFFFFFFFFFFF0FFFULL) | (static_cast<std::uint64_t>(version) << 12);
    b = (b & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL; // variant 1
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                  static_cast<unsigned>((a >> 16) & 0xFFFF), static_cast<unsigned>(a & 0xFFFF),
                  static_cast<unsigned>(b >> 48),
                  static_cast<unsigned long long>(b & 0xFFFFFFFFFFFFULL));
    return buf;
}

/// FNV-1a, 64 bits, from a seed: two of them make a name-based uuid (version 8) that is the
/// same for the same name on every machine.
std::uint64_t fnv1a(std::string_view text, std::uint64_t seed) {
    std::uint64_t h = seed;
    for (unsigned char c : text) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

/// splitmix64's finaliser: names that differ in one character give unlike uuids.
std::uint64_t mix(std::uint64_t x) {
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

std::string derived_uuid(const std::string& name) {
    return format_uuid(mix(fnv1a(name, 0xcbf29ce484222325ULL)),
                       mix(fnv1a(name, 0x84222325cbf29ce4ULL)), 8);
}

std::string day_text(int day) {
    return forms::day_to_string(day);
}

int checked_day(const std::string& text, const std::string& file, const std::string& where) {
    const std::optional<int> day = forms::parse_plausible_day(text);
    if (!day || text.size() != 10)
        throw InputError(file, where, "\"" + text + "\" is not a date (YYYY-MM-DD)");
    return *day;
}

bool open_status(const std::string& status) {
    return status != "cancelled" && status != "declined";
}

std::int64_t client_id_of(storage::Store& store, const std::string& client,
                          const std::string& where) {
    for (const storage::OrgEntity& c :
         store.org_list(storage::OrgKind::Client, std::nullopt, true, false))
        if (c.name == client)
            return c.id;
    throw InputError("", where, "no client \"" + client + "\" in the database");
}

/// What the checks and proposals of one client need from the store, for assignments whose
/// windows lie within [from, to]. `skip_uuid`: an assignment being edited (not its own rival).
struct ClientData {
    AssignmentContext ctx;
    std::map<std::string, std::string> branch_region; ///< branch code → region name
};

ClientData load_client(storage::Store& store, const std::string& client, int from, int to,
                       int lockout, const std::string& skip_uuid, const std::string& where) {
    ClientData d;
    d.ctx.lockout_days = lockout;
    const std::int64_t cid = client_id_of(store, client, where);
    for (const storage::OrgEntity& b : store.org_list(storage::OrgKind::Branch, cid, true, false))
        d.branch_region[b.code] = b.parent;
    for (const storage::OrgEntity& s : store.org_list(storage::OrgKind::Shopper, cid, false, false))
        d.ctx.shoppers.push_back({s.code, s.parent});
    std::sort(d.ctx.shoppers.begin(), d.ctx.shoppers.end(),
              [](const ShopperCandidate& a, const ShopperCandidate& b) { return a.code < b.code; });
    for (const auto& [shopper, branch] : store.shopper_exclusions(client))
        d.ctx.exclusions.insert({shopper, branch});

    // Past visits near the period: only those within the lockout can refuse anything.
    storage::VisitListQuery q;
    q.client_id = cid;
    q.from_day = from - lockout;
    q.to_day = to + lockout;
    const std::vector<std::int64_t> ids = store.visit_ids(q);
    for (const storage::VisitListRow& r : store.visit_rows(ids)) {
        const std::optional<int> day =
            forms::parse_day(std::string_view(r.visited_at).substr(0, 10));
        if (!day || r.shopper_code.empty())
            continue;
        d.ctx.engagements.push_back({r.shopper_code,
                                     r.branch_code,
                                     {*day, *day},
                                     "a visit on " + day_text(*day) + " (" + r.uuid + ")"});
    }
    storage::AssignmentFilter f;
    f.client = client;
    for (const Assignment& a : store.assignments(f)) {
        if (a.uuid == skip_uuid || a.shopper.empty() || !open_status(a.status))
            continue;
        const std::optional<int> af = forms::parse_day(a.window_from);
        const std::optional<int> at = forms::parse_day(a.window_to);
        if (!af || !at)
            continue;
        if (a.status != "visited")
            ++d.ctx.load[a.shopper];
        d.ctx.engagements.push_back(
            {a.shopper,
             a.branch,
             {*af, *at},
             "assignment " + a.uuid + " from " + a.window_from + " to " + a.window_to});
    }
    return d;
}

int effective_lockout(storage::Store& store, std::optional<int> lockout) {
    return lockout ? std::max(0, *lockout) : lockout_days(store);
}

/// Checks every item's shopper against the lockout and exclusions, the items among themselves
/// too; InputError naming `file` and the item's place.
void check_items(storage::Store& store, const std::vector<Assignment>& items, int lockout,
                 const std::string& file, const std::vector<std::string>& places,
                 const std::string& skip_uuid) {
    std::map<std::string, std::vector<std::size_t>> by_client;
    for (std::size_t i = 0; i < items.size(); ++i)
        by_client[items[i].client].push_back(i);
    for (const auto& [client, indices] : by_client) {
        int from = 0, to = 0;
        bool first = true;
        for (std::size_t i : indices) {
            const int f = checked_day(items[i].window_from, file, places[i] + ", window_from");
            const int t = checked_day(items[i].window_to, file, places[i] + ", window_to");
            if (t < f)
                throw InputError(file, places[i],
                                 "the window ends (" + items[i].window_to + ") before it starts (" +
                                     items[i].window_from + ")");
            from = first ? f : std::min(from, f);
            to = first ? t : std::max(to, t);
            first = false;
        }
        std::string skip = skip_uuid;
        ClientData d = load_client(store, client, from, to, lockout, skip,
                                   places[indices.front()] + ", client");
        // The items replace themselves when they are stored again: not their own rivals.
        std::set<std::string> uuids;
        for (std::size_t i : indices)
            uuids.insert(items[i].uuid);
        std::erase_if(d.ctx.engagements, [&](const Engagement& e) {
            for (const std::string& u : uuids)
                if (!u.empty() && e.what.rfind("assignment " + u, 0) == 0)
                    return true;
            return false;
        });
        for (std::size_t i : indices) {
            const Assignment& a = items[i];
            if (!open_status(a.status) || a.shopper.empty())
                continue;
            if (!d.branch_region.count(a.branch))
                throw InputError(file, places[i] + ", branch",
                                 "no branch \"" + a.branch + "\" of client \"" + client + "\"");
            const DayWindow w{*forms::parse_day(a.window_from), *forms::parse_day(a.window_to)};
            const bool known_shopper =
                std::any_of(d.ctx.shoppers.begin(), d.ctx.shoppers.end(),
                            [&](const ShopperCandidate& s) { return s.code == a.shopper; });
            if (!known_shopper)
                throw InputError(file, places[i] + ", shopper",
                                 "no active shopper \"" + a.shopper + "\" of client \"" + client +
                                     "\"");
            const std::string refusal = assignment_refusal(d.ctx, a.shopper, a.branch, w);
            if (!refusal.empty())
                throw InputError(file, places[i] + ", shopper", refusal);
            record_assignment(d.ctx, a.shopper, a.branch, w,
                              "assignment " + (a.uuid.empty() ? places[i] : a.uuid) + " from " +
                                  a.window_from + " to " + a.window_to);
        }
    }
}

std::string item_place(std::size_t index, const Assignment& a) {
    return "assignment " + std::to_string(index + 1) + (a.uuid.empty() ? "" : " (" + a.uuid + ")");
}

void set_status(storage::Store& store, const std::string& uuid, const std::string& shopper,
                const std::string& to, const std::string& expected, const std::string& who) {
    const std::optional<Assignment> a = store.assignment(uuid);
    if (!a)
        throw InputError("", "assignment " + uuid, "no such assignment");
    if (!shopper.empty() && a->shopper != shopper)
        throw InputError("", "assignment " + uuid, "the assignment is not given to " + shopper);
    if ((to == "accepted" || to == "declined") && a->shopper.empty())
        throw InputError("", "assignment " + uuid, "the assignment is not given to a shopper");
    if (!assignment_transition_allowed(a->status, to))
        throw InputError("", "assignment " + uuid,
                         "an assignment " + a->status + " cannot be " + to);
    store.set_assignment_status(uuid, to, expected, who);
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

} // namespace

int lockout_days(storage::Store& store) {
    const std::string text = store.setting(kLockoutSetting, "");
    if (text.empty() || text.size() > 6 ||
        !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); }))
        return kDefaultLockoutDays;
    return std::stoi(text);
}

FromPlanResult propose_from_plan(storage::Store& store, const PlanResult& plan,
                                 const FromPlanRequest& request) {
    if (request.to_day < request.from_day)
        throw InputError("", "--to",
                         day_text(request.to_day) + " is before " + day_text(request.from_day));
    std::shared_ptr<const forms::Template> tpl =
        request.template_version > 0
            ? store.find_template(request.template_id, request.template_version)
            : store.latest_template(request.template_id);
    if (!tpl)
        throw InputError("", "--template",
                         "no scorecard \"" + request.template_id + "\"" +
                             (request.template_version > 0
                                  ? " version " + std::to_string(request.template_version)
                                  : std::string()) +
                             " in the database");
    if (request.fee_cents && *request.fee_cents < 0)
        throw InputError("", "--fee", "a fee cannot be negative");
    const int lockout = effective_lockout(store, request.lockout_days);
    ClientData d = load_client(store, request.client, request.from_day, request.to_day, lockout, {},
                               "--client");

    FromPlanResult result;
    struct Pending {
        std::string branch;
        std::size_t index;
        DayWindow window;
    };
    std::vector<Pending> pending;
    for (const scoring::PlanGroup& g : plan.plan.groups) {
        const std::string branch(plan.facts.branches[g.key]);
        if (!g.needed) {
            result.skipped.push_back(branch);
            continue;
        }
        const std::vector<DayWindow> windows =
            spread_windows(request.from_day, request.to_day, *g.needed);
        for (std::size_t i = 0; i < windows.size(); ++i)
            pending.push_back({branch, i, windows[i]});
    }
    // Proposed in date order, so that the load spreads over the period as it does over shoppers.
    std::vector<std::size_t> order(pending.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return std::tie(pending[a].window.from, pending[a].branch) <
               std::tie(pending[b].window.from, pending[b].branch);
    });
    std::vector<ProposedAssignment> items(pending.size());
    std::map<std::string, Assignment> stored;
    {
        storage::AssignmentFilter f;
        f.client = request.client;
        for (Assignment& a : store.assignments(f))
            stored.emplace(a.uuid, std::move(a));
    }
    for (std::size_t k : order) {
        const Pending& p = pending[k];
        Assignment a;
        a.uuid = derived_uuid(request.client + '\x1f' + p.branch + '\x1f' + tpl->id + '\x1f' +
                              std::to_string(tpl->version) + '\x1f' + day_text(request.from_day) +
                              '\x1f' + day_text(request.to_day) + '\x1f' + std::to_string(p.index));
        if (const auto it = stored.find(a.uuid); it != stored.end()) {
            items[k] = {it->second, {}, true}; // its engagement is in the context already
            continue;
        }
        a.client = request.client;
        a.branch = p.branch;
        a.template_id = tpl->id;
        a.template_version = tpl->version;
        a.scenario = request.scenario;
        a.window_from = day_text(p.window.from);
        a.window_to = day_text(p.window.to);
        a.fee_cents = request.fee_cents;
        a.status = "offered";
        const auto region = d.branch_region.find(p.branch);
        const Proposal proposal = propose_shopper(
            d.ctx, p.branch, region == d.branch_region.end() ? std::string() : region->second,
            p.window);
        a.shopper = proposal.shopper;
        record_assignment(d.ctx, a.shopper, a.branch, p.window,
                          "assignment " + a.uuid + " from " + a.window_from + " to " + a.window_to);
        items[k] = {std::move(a), proposal.reason, false};
    }
    result.items = std::move(items);
    return result;
}

std::size_t create_assignments(storage::Store& store, const std::vector<Assignment>& items,
                               const std::string& who, std::optional<int> lockout) {
    std::vector<Assignment> out = items;
    std::vector<std::string> places;
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (out[i].uuid.empty())
            out[i].uuid = new_assignment_uuid();
        if (out[i].status.empty())
            out[i].status = "offered";
        places.push_back(item_place(i, out[i]));
    }
    check_items(store, out, effective_lockout(store, lockout), "", places, {});
    store.put_assignments(out, who);
    return out.size();
}

Assignment add_assignment(storage::Store& store, Assignment item, const std::string& who,
                          std::optional<int> lockout) {
    if (item.uuid.empty())
        item.uuid = new_assignment_uuid();
    if (store.assignment(item.uuid))
        throw InputError("", "assignment " + item.uuid, "an assignment with this uuid exists");
    item.status = "offered";
    item.id = 0;
    check_items(store, {item}, effective_lockout(store, lockout), "", {"assignment " + item.uuid},
                {});
    store.put_assignments({item}, who);
    return *store.assignment(item.uuid);
}

Assignment edit_assignment(storage::Store& store, const Assignment& item, const std::string& who,
                           std::optional<int> lockout) {
    const std::optional<Assignment> stored = store.assignment(item.uuid);
    if (!stored)
        throw InputError("", "assignment " + item.uuid, "no such assignment");
    if (!item.updated_at.empty() && item.updated_at != stored->updated_at)
        throw storage::ConflictError(storage::assignment_conflict(
            item.uuid, store.assignment_changed_by(item.uuid), stored->updated_at));
    if (stored->status == "cancelled" || stored->status == "visited")
        throw InputError("", "assignment " + item.uuid,
                         "an assignment " + stored->status + " cannot be edited");
    Assignment a = item;
    a.id = stored->id;
    a.client = stored->client;
    a.status = stored->stored_status; // accepted stays accepted, also when overdue
    a.visit_uuid = stored->visit_uuid;
    // A new shopper gets the assignment as an offer again.
    if (a.shopper != stored->shopper && !a.shopper.empty())
        a.status = "offered";
    check_items(store, {a}, effective_lockout(store, lockout), "", {"assignment " + a.uuid},
                a.uuid);
    store.put_assignments({a}, who);
    return *store.assignment(a.uuid);
}

Proposal propose_shopper_for(storage::Store& store, const Assignment& item,
                             std::optional<int> lockout, const std::string& not_shopper) {
    const int from = checked_day(item.window_from, "", "window_from");
    const int to = checked_day(item.window_to, "", "window_to");
    if (to < from)
        throw InputError("", "window_to",
                         "the window ends (" + item.window_to + ") before it starts (" +
                             item.window_from + ")");
    ClientData d = load_client(store, item.client, from, to, effective_lockout(store, lockout),
                               item.uuid, "client");
    if (!not_shopper.empty())
        d.ctx.exclusions.insert({not_shopper, item.branch});
    const auto region = d.branch_region.find(item.branch);
    if (region == d.branch_region.end())
        throw InputError("", "branch",
                         "no branch \"" + item.branch + "\" of client \"" + item.client + "\"");
    return propose_shopper(d.ctx, item.branch, region->second, DayWindow{from, to});
}

void cancel_assignment(storage::Store& store, const std::string& uuid,
                       const std::string& expected_updated_at, const std::string& who) {
    set_status(store, uuid, {}, "cancelled", expected_updated_at, who);
}

void accept_assignment(storage::Store& store, const std::string& uuid, const std::string& shopper,
                       const std::string& expected_updated_at, const std::string& who) {
    set_status(store, uuid, shopper, "accepted", expected_updated_at, who);
}

void decline_assignment(storage::Store& store, const std::string& uuid, const std::string& shopper,
                        const std::string& expected_updated_at, const std::string& who) {
    set_status(store, uuid, shopper, "declined", expected_updated_at, who);
}

std::vector<std::string> assignment_csv_columns() {
    return {"client",    "branch",  "template", "template_version", "scenario", "window_from",
            "window_to", "shopper", "fee"};
}

std::optional<std::int64_t> parse_fee(std::string_view text) {
    if (text.empty() || text.size() > 15)
        return std::nullopt;
    std::int64_t units = 0, cents = 0;
    std::size_t i = 0, digits = 0;
    for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i, ++digits)
        units = units * 10 + (text[i] - '0');
    if (digits == 0)
        return std::nullopt;
    if (i < text.size()) {
        if (text[i] != '.' || text.size() - i - 1 < 1 || text.size() - i - 1 > 2)
            return std::nullopt;
        std::size_t decimals = 0;
        for (++i; i < text.size(); ++i, ++decimals) {
            if (!std::isdigit(static_cast<unsigned char>(text[i])))
                return std::nullopt;
            cents = cents * 10 + (text[i] - '0');
        }
        if (decimals == 1)
            cents *= 10;
    }
    return units * 100 + cents;
}

std::string format_fee(std::int64_t cents) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(cents / 100),
                  static_cast<long long>(cents % 100));
    return buf;
}

std::vector<Assignment> parse_assignment_csv(std::string_view csv_text, const std::string& file) {
    const std::vector<forms::CsvRow> rows = forms::parse_csv(csv_text, file);
    if (rows.empty())
        throw InputError(file, "line 1", "the file is empty; expected a header row");
    std::map<std::string, std::size_t> col;
    for (std::size_t i = 0; i < rows[0].fields.size(); ++i)
        col[lower(rows[0].fields[i])] = i;
    for (const std::string& n : assignment_csv_columns())
        if (!col.count(n))
            throw InputError(file, "line " + std::to_string(rows[0].line),
                             "no \"" + n + "\" column in the header");
    std::vector<Assignment> out;
    out.reserve(rows.size() - 1);
    for (std::size_t i = 1; i < rows.size(); ++i) {
        const forms::CsvRow& r = rows[i];
        auto where = [&](const char* name) {
            return "line " + std::to_string(r.line) + ", column " +
                   std::to_string(col.at(name) + 1) + " (" + name + ")";
        };
        auto cell = [&](const char* name) {
            const auto it = col.find(name);
            return it == col.end() || it->second >= r.fields.size() ? std::string()
                                                                    : r.fields[it->second];
        };
        for (const char* need :
             {"client", "branch", "template", "template_version", "window_from", "window_to"})
            if (cell(need).empty())
                throw InputError(file, where(need), "the cell is empty");
        Assignment a;
        if (col.count("uuid"))
            a.uuid = cell("uuid");
        a.client = cell("client");
        a.branch = cell("branch");
        a.template_id = cell("template");
        const std::string version = cell("template_version");
        if (version.size() > 6 ||
            !std::all_of(version.begin(), version.end(),
                         [](unsigned char c) { return std::isdigit(c); }) ||
            std::stoi(version) < 1)
            throw InputError(file, where("template_version"),
                             "\"" + version + "\" is not a scorecard version (1 or more)");
        a.template_version = std::stoi(version);
        a.scenario = cell("scenario");
        a.window_from = cell("window_from");
        a.window_to = cell("window_to");
        const int from = checked_day(a.window_from, file, where("window_from"));
        const int to = checked_day(a.window_to, file, where("window_to"));
        if (to < from)
            throw InputError(file, where("window_to"),
                             a.window_to + " is before window_from " + a.window_from);
        a.shopper = cell("shopper");
        const std::string fee = cell("fee");
        if (!fee.empty()) {
            a.fee_cents = parse_fee(fee);
            if (!a.fee_cents)
                throw InputError(file, where("fee"),
                                 "\"" + fee + "\" is not a fee (such as 25 or 25.50)");
        }
        if (col.count("note"))
            a.note = cell("note");
        a.status = "offered";
        out.push_back(std::move(a));
    }
    return out;
}

std::size_t import_assignments_csv(storage::Store& store, std::string_view csv_text,
                                   const std::string& file, const std::string& who,
                                   Progress* progress, std::optional<int> lockout) {
    if (progress)
        progress->start("Reading assignments", 0);
    std::vector<Assignment> items = parse_assignment_csv(csv_text, file);
    // Lines, for the places the checks name.
    const std::vector<forms::CsvRow> rows = forms::parse_csv(csv_text, file);
    std::vector<std::string> places;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (items[i].uuid.empty())
            items[i].uuid = new_assignment_uuid();
        places.push_back("line " + std::to_string(rows[i + 1].line));
    }
    if (progress) {
        progress->finish();
        progress->start("Checking assignments", items.size());
    }
    check_items(store, items, effective_lockout(store, lockout), file, places, {});
    if (progress && !progress->update(items.size()))
        throw Cancelled{};
    if (progress) {
        progress->finish();
        progress->start("Storing assignments", 0);
    }
    try {
        store.put_assignments(items, who);
    } catch (const InputError& e) {
        // The store names the item as assignments[i] (uuid): say the file and line instead.
        std::string where = e.where();
        const std::size_t open = where.find('[');
        const std::size_t close = where.find(']');
        if (open != std::string::npos && close != std::string::npos && close > open) {
            try {
                const std::size_t index = std::stoul(where.substr(open + 1, close - open - 1));
                if (index < places.size())
                    where = places[index];
            } catch (const std::exception&) {
            }
        }
        throw InputError(file, where, e.message());
    }
    if (progress)
        progress->finish();
    return items.size();
}

std::string new_assignment_uuid() {
    static std::mt19937_64 rng{
        std::random_device{}() ^
        static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count())};
    return format_uuid(rng(), rng(), 4);
}

} // namespace vs::services
