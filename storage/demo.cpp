#include "storage/demo.h"

#include "forms/answer.h"
#include "forms/dates.h"
#include "forms/survey.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

namespace vs::storage {

namespace {

using forms::Answer;
using forms::QuestionType;

// ---------------------------------------------------------------------------------------------
// Random numbers. Only the raw output of std::mt19937_64 (fully specified by the standard) is
// used; every distribution is built here so a seed gives the same data with every library.

class Rng {
  public:
    explicit Rng(std::uint64_t seed) : m_engine(seed) {}

    std::uint64_t bits() { return m_engine(); }
    /// Uniform in [0, 1) with 53 random bits.
    double uniform() { return static_cast<double>(bits() >> 11) * 0x1.0p-53; }
    bool chance(double p) { return uniform() < p; }
    /// Uniform in [0, n), n > 0.
    std::size_t below(std::size_t n) {
        auto k = static_cast<std::size_t>(uniform() * static_cast<double>(n));
        return k < n ? k : n - 1;
    }
    /// Uniform integer in [lo, hi].
    int between(int lo, int hi) {
        return hi <= lo ? lo : lo + static_cast<int>(below(static_cast<std::size_t>(hi - lo) + 1));
    }
    double between(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    /// Standard normal (Box–Muller).
    double normal() {
        const double u1 = 1.0 - uniform(); // (0, 1]
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }
    /// An index drawn with the given (non-negative) weights; 0 when they are all zero.
    template <class Weights> std::size_t weighted(const Weights& w) {
        double total = 0;
        for (double x : w)
            total += x;
        if (!(total > 0))
            return 0;
        double r = uniform() * total;
        std::size_t last = 0;
        for (std::size_t i = 0; i < std::size(w); ++i) {
            if (w[i] <= 0)
                continue;
            last = i;
            if (r < w[i])
                return i;
            r -= w[i];
        }
        return last;
    }
    template <class T> const T& pick(const std::vector<T>& v) { return v[below(v.size())]; }

  private:
    std::mt19937_64 m_engine;
};

double sigmoid(double x) {
    return 1.0 / (1.0 + std::exp(-x));
}

/// FNV-1a: stable per-name constants (question difficulty) that do not depend on the seed.
std::uint64_t fnv(std::string_view s) {
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}
/// A stable value in [-1, 1] from a name.
double hashed_unit(std::string_view s) {
    return static_cast<double>(fnv(s) >> 11) * 0x1.0p-53 * 2.0 - 1.0;
}

// Civil dates from day numbers (H. Hinnant's algorithm; integer only).
struct Ymd {
    int y, m, d;
};
Ymd civil_from_days(int z) {
    z += 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const int doe = z - era * 146097;
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    const int d = doy - (153 * mp + 2) / 5 + 1;
    const int m = mp < 10 ? mp + 3 : mp - 9;
    return {yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
}
int weekday(int day) {
    return ((day + 4) % 7 + 7) % 7;
} // 0 = Sunday; 1970-01-01 was a Thursday

// ---------------------------------------------------------------------------------------------
// The fixed organisation: clients, regions and branches in UK towns.

struct BranchSeed {
    const char* code;
    const char* name;
    int region;
};
struct ClientSeed {
    const char* name;
    double share;              ///< of the visits
    std::array<double, 3> mix; ///< branch-visit, phone-enquiry, staged-complaint
    std::vector<const char*> regions;
    std::vector<BranchSeed> branches;
};

const std::vector<ClientSeed>& client_seeds() {
    static const std::vector<ClientSeed> seeds = {
        {"Northwind Bank",
         0.40,
         {0.72, 0.18, 0.10},
         {"North", "Midlands", "South"},
         {{"LDS01", "Leeds Central", 0},
          {"LDS02", "Leeds Headingley", 0},
          {"MAN01", "Manchester King Street", 0},
          {"MAN02", "Manchester Didsbury", 0},
          {"YRK01", "York Parliament Street", 0},
          {"NCL01", "Newcastle Grey Street", 0},
          {"BHM01", "Birmingham New Street", 1},
          {"BHM02", "Birmingham Harborne", 1},
          {"NTG01", "Nottingham Old Market Square", 1},
          {"LEI01", "Leicester Gallowtree Gate", 1},
          {"LON01", "London Moorgate", 2},
          {"RDG01", "Reading Broad Street", 2},
          {"BTN01", "Brighton North Street", 2}}},
        {"Contoso Mobile",
         0.30,
         {0.45, 0.38, 0.17},
         {"Scotland and North", "South and West"},
         {{"GLA01", "Glasgow Buchanan Street", 0},
          {"EDI01", "Edinburgh Princes Street", 0},
          {"ABD01", "Aberdeen Union Street", 0},
          {"SHF01", "Sheffield Fargate", 0},
          {"LPL01", "Liverpool Church Street", 0},
          {"BRS01", "Bristol Cabot Circus", 1},
          {"CDF01", "Cardiff Queen Street", 1},
          {"EXE01", "Exeter Guildhall", 1},
          {"PLY01", "Plymouth Drake Circus", 1}}},
        {"Fabrikam Retail",
         0.30,
         {0.40, 0.15, 0.45},
         {"East", "South East", "West Midlands"},
         {{"NRW01", "Norwich Chapelfield", 0},
          {"CAM01", "Cambridge Grand Arcade", 0},
          {"IPS01", "Ipswich Buttermarket", 0},
          {"CNT01", "Canterbury Whitefriars", 1},
          {"MAI01", "Maidstone Fremlin Walk", 1},
          {"GLF01", "Guildford High Street", 1},
          {"WLV01", "Wolverhampton Mander Centre", 2},
          {"COV01", "Coventry West Orchards", 2},
          {"SHR01", "Shrewsbury Pride Hill", 2}}},
    };
    return seeds;
}

const std::vector<const char*> kFirstNames = {
    "Oliver",  "George",  "Harry",  "Jack",   "Jacob",   "Noah",      "Charlie", "Thomas",
    "Oscar",   "William", "James",  "Leo",    "Alfie",   "Henry",     "Joshua",  "Freddie",
    "Archie",  "Ethan",   "Isaac",  "Samuel", "Daniel",  "Mohammed",  "Arjun",   "Ravi",
    "Kwame",   "Liam",    "Connor", "Callum", "Ewan",    "Rhys",      "Paul",    "Mark",
    "Stephen", "Gareth",  "Neil",   "Darren", "Olivia",  "Amelia",    "Isla",    "Ava",
    "Emily",   "Sophie",  "Grace",  "Lily",   "Freya",   "Charlotte", "Poppy",   "Evie",
    "Ella",    "Jessica", "Chloe",  "Hannah", "Megan",   "Lucy",      "Rebecca", "Sarah",
    "Aisha",   "Priya",   "Zara",   "Niamh",  "Siobhan", "Eilidh",    "Catrin",  "Rachel",
    "Laura",   "Helen",   "Claire", "Gemma",  "Joanne",  "Karen",     "Bethan",  "Imogen"};
const std::vector<const char*> kSurnames = {
    "Smith",    "Jones",    "Taylor",   "Brown",    "Williams", "Wilson",    "Johnson",
    "Davies",   "Robinson", "Wright",   "Thompson", "Evans",    "Walker",    "White",
    "Roberts",  "Green",    "Hall",     "Wood",     "Jackson",  "Clarke",    "Patel",
    "Khan",     "Lewis",    "Phillips", "Mason",    "Mitchell", "Cox",       "Hughes",
    "Edwards",  "Turner",   "Hill",     "Moore",    "Cooper",   "Ward",      "Morris",
    "King",     "Watson",   "Harrison", "Morgan",   "Baker",    "Young",     "Allen",
    "Bell",     "Shaw",     "Murphy",   "Kelly",    "Campbell", "Stewart",   "MacDonald",
    "Begum",    "Ali",      "Hussain",  "Singh",    "Okafor",   "Mensah",    "Fletcher",
    "Barker",   "Holmes",   "Lloyd",    "Price",    "Bennett",  "Fisher",    "Griffiths",
    "Marshall", "Dixon",    "Pearson",  "Chapman",  "Ellis",    "Gallagher", "Doherty",
    "Reid",     "Nolan"};
const std::vector<const char*> kTrainers = {"Helen Ashworth", "Marcus Reid",    "Priya Nair",
                                            "Tom Gallagher",  "Fiona Lockhart", "Dev Sharma"};

/// Typical strength of each behaviour across the industry (logit); unknown ids get a stable value.
double behaviour_baseline(const std::string& section_id) {
    static const std::map<std::string, double, std::less<>> known = {
        {"greeting", 0.45}, {"arrival", 0.35},    {"closing", 0.15},   {"needs", -0.15},
        {"product", -0.30}, {"complaint", -0.40}, {"handover", -0.10}, {"scenario", 0.0}};
    auto it = known.find(section_id);
    return it != known.end() ? it->second : 0.3 * hashed_unit("section:" + section_id);
}

// ---------------------------------------------------------------------------------------------
// Shopper remarks and free-text answers, keyed "template/question".

using Bank = std::unordered_map<std::string, std::vector<std::string>>;

const Bank& fail_remarks() {
    static const Bank bank = {
        {"branch-visit/wait_time",
         {"Only one counter open and a queue of six; I waited around twelve minutes.",
          "Two of the three counters were closed over lunchtime, so the wait was long."}},
        {"branch-visit/queue_acknowledged",
         {"Nobody looked up or acknowledged the queue while I waited.",
          "Staff walked past the queue twice without a word."}},
        {"branch-visit/branch_presentable",
         {"The leaflet rack still had a savings promotion that ended in the spring.",
          "Overflowing bin by the seating area and a broken pen chain at the desk."}},
        {"branch-visit/data_disclosed",
         {"A printed statement with another customer's name and balance was left face up on the "
          "desk.",
          "The screen was turned towards me and showed another customer's account details."}},
        {"branch-visit/greeted_promptly",
         {"The staff member finished typing for well over a minute before speaking to me.",
          "Had to say 'excuse me' before I was greeted."}},
        {"branch-visit/greeting_style", {"A bare 'Next' from behind the screen."}},
        {"branch-visit/name_given",
         {"No name badge and no introduction; I had to ask for her name at the end."}},
        {"branch-visit/warmth", {"Polite enough but flat, with very little eye contact."}},
        {"branch-visit/needs_questions",
         {"Went straight to the fixed-rate bond without asking what the money was for.",
          "Did not ask when I might need access to the money."}},
        {"branch-visit/needs_summarised",
         {"Recommended a product without checking what I actually wanted."}},
        {"branch-visit/listening", {"Asked me twice how much I wanted to save."}},
        {"branch-visit/product_explained",
         {"Could not say whether the rate was fixed or variable without checking.",
          "Got the interest payment frequency wrong compared with the fact sheet."}},
        {"branch-visit/limits_explained",
         {"Did not mention the early-access penalty until I asked directly.",
          "The minimum deposit was never mentioned."}},
        {"branch-visit/lead_times", {"Said 'it doesn't take long' but gave no timescale."}},
        {"branch-visit/documents_explained", {"I was not told what ID I would need to bring."}},
        {"branch-visit/misled",
         {"Told me I could withdraw at any time without penalty, which contradicts the fact "
          "sheet.",
          "Described the variable rate as guaranteed for two years."}},
        {"branch-visit/next_step", {"Thanked me and left it there; no next step was offered."}},
        {"branch-visit/appointment_details",
         {"Booked an appointment but did not say what to bring."}},
        {"branch-visit/anything_else", {"Did not ask whether there was anything else."}},
        {"branch-visit/farewell", {"Turned straight to the next customer without a goodbye."}},
        {"branch-visit/complaint_not_interrupted",
         {"Interrupted me twice to quote the charges policy before I had finished."}},
        {"branch-visit/complaint_empathy",
         {"A scripted 'sorry for any inconvenience' and nothing more."}},
        {"branch-visit/complaint_ownership",
         {"Said it was head office's decision and there was nothing the branch could do."}},
        {"branch-visit/complaint_remedy_explained",
         {"Refused to look at the charge and gave no reason why."}},
        {"branch-visit/complaint_next_steps",
         {"Said 'someone will be in touch' with no timescale."}},
        {"phone-enquiry/answer_time",
         {"Held in the queue for over five minutes with repeated recorded messages."}},
        {"phone-enquiry/greeting_elements", {"Just 'Hello, sales' with no name."}},
        {"phone-enquiry/tone", {"Sounded rushed and impatient throughout."}},
        {"phone-enquiry/hold_handled",
         {"Put me on hold without asking and came back three minutes later without a thank-you."}},
        {"phone-enquiry/needs_questions",
         {"Did not ask how many people use the connection or how we use it."}},
        {"phone-enquiry/recommendation_fit",
         {"Pushed the top-tier package with no reason linked to my usage."}},
        {"phone-enquiry/speed_explained",
         {"Gave a headline speed only, no minimum guaranteed speed."}},
        {"phone-enquiry/limits_explained",
         {"Nothing about what the package does not include; I only found out from the website."}},
        {"phone-enquiry/lead_time", {"No mention of whether an engineer visit would be needed."}},
        {"phone-enquiry/contract_terms",
         {"The annual price rise was described as 'in line with inflation', not in pounds and "
          "pence.",
          "Exit fees were not mentioned at all."}},
        {"phone-enquiry/knowledge",
         {"Put me on hold twice to check basic details and still got the term wrong."}},
        {"phone-enquiry/misled",
         {"Told me the price was frozen for the whole contract, which is not in the terms."}},
        {"phone-enquiry/summary_given", {"No summary; the call just ended after the price."}},
        {"phone-enquiry/follow_up", {"Told me to call back when I was ready."}},
        {"phone-enquiry/quote_received",
         {"The emailed quote showed a different monthly price from the one on the call."}},
        {"phone-enquiry/pressured",
         {"Said the offer ended today and asked three times whether I wanted to sign up now."}},
        {"phone-enquiry/farewell", {"Ended the call abruptly while I was still speaking."}},
        {"staged-complaint/acknowledged",
         {"The staff member finished a chat with a colleague before acknowledging me."}},
        {"staged-complaint/greeting_manner", {"Did not look up from the till."}},
        {"staged-complaint/staff_identified", {"No name badge visible and no introduction."}},
        {"staged-complaint/not_interrupted",
         {"Cut in before I had finished to suggest the item had been misused."}},
        {"staged-complaint/empathy", {"Sighed and said 'sorry you feel that way'."}},
        {"staged-complaint/ownership",
         {"Blamed the manufacturer and said it was out of their hands."}},
        {"staged-complaint/remedies_offered",
         {"Only offered a repair, although the item was returned within 30 days."}},
        {"staged-complaint/remedy_limits",
         {"Said 'I'll see what I can do' without explaining what they could authorise."}},
        {"staged-complaint/rights_misstated",
         {"Told me items over 14 days old can only be repaired, not refunded.",
          "Said I had to take it up with the manufacturer myself."}},
        {"staged-complaint/outcome", {"Told me to contact the manufacturer's helpline."}},
        {"staged-complaint/next_step_time", {"'Someone will call you' with no day or time given."}},
        {"staged-complaint/reference_given", {"No reference number or contact name given."}},
        {"staged-complaint/handover_wait", {"Waited nearly ten minutes for the supervisor."}},
        {"staged-complaint/handover_briefed",
         {"Had to explain the whole problem again to the manager."}},
        {"staged-complaint/satisfaction_checked",
         {"Moved on to the next customer without checking I was happy."}},
        {"staged-complaint/thanked_farewell", {"No thank-you and no goodbye."}},
        {"staged-complaint/confidence", {"I left unsure whether anything would actually happen."}},
    };
    return bank;
}

const Bank& pass_remarks() {
    static const Bank bank = {
        {"branch-visit/warmth", {"Very warm; smiled and used my name twice."}},
        {"branch-visit/product_explained",
         {"Clear explanation of the fixed rate, term and interest options without prompting."}},
        {"branch-visit/needs_questions",
         {"Asked thoughtful questions about what the savings were for before suggesting "
          "anything."}},
        {"branch-visit/complaint_empathy",
         {"Genuinely sympathetic and acknowledged that the charge came as a surprise."}},
        {"phone-enquiry/tone", {"Friendly and patient, even when I asked the same thing twice."}},
        {"phone-enquiry/contract_terms",
         {"Went through the term, price rises and exit fees clearly without me asking."}},
        {"staged-complaint/empathy", {"Genuinely apologetic; said she would be annoyed too."}},
        {"staged-complaint/outcome", {"Refund processed within a couple of minutes."}},
        {"branch-visit/greeted_promptly", {"Greeted the moment I reached the desk."}},
        {"branch-visit/limits_explained",
         {"Volunteered the early-withdrawal penalty without being asked."}},
        {"branch-visit/next_step",
         {"Offered to book an appointment with a savings adviser for the following week."}},
        {"phone-enquiry/needs_questions",
         {"Asked about our household and how we use the internet before suggesting anything."}},
        {"phone-enquiry/follow_up", {"Emailed a written quote while we were still on the call."}},
        {"staged-complaint/not_interrupted",
         {"Let me explain everything and then asked sensible questions."}},
        {"staged-complaint/remedy_limits",
         {"Explained clearly that she could refund it herself straight away."}},
        {"staged-complaint/handover_briefed",
         {"The manager already knew the details when she came over."}},
    };
    return bank;
}

const std::vector<std::string>& generic_fail(QuestionType type) {
    static const std::vector<std::string> yes_no = {
        "This did not happen at any point during the visit.",
        "I waited for this but it never came."};
    static const std::vector<std::string> scale = {"Noticeably below what I would expect.",
                                                   "Adequate at best."};
    static const std::vector<std::string> choice = {
        "Fell short of what the briefing describes as good practice."};
    static const std::vector<std::string> checklist = {
        "Only some of the points were covered; I had to volunteer the rest."};
    static const std::vector<std::string> number = {"The wait was longer than it should be."};
    switch (type) {
    case QuestionType::YesNo:
        return yes_no;
    case QuestionType::Scale:
        return scale;
    case QuestionType::Choice:
        return choice;
    case QuestionType::Checklist:
        return checklist;
    default:
        return number;
    }
}
const std::vector<std::string> kGenericPass = {"Handled well.", "Very good on this point.",
                                               "Exactly as the briefing describes."};
const std::vector<std::string> kCriticalGeneric = {
    "Serious issue: see the summary for the details of what happened."};

struct TextBank {
    std::vector<std::string> good;
    std::vector<std::string> poor;
};
const std::unordered_map<std::string, TextBank>& text_answers() {
    static const std::unordered_map<std::string, TextBank> bank = {
        {"branch-visit/complaint_next_steps_said",
         {{"Said the overdraft charge would be reviewed and I would get a letter within 5 working "
           "days.",
           "Refunded the £25 charge on the spot and said it would show on my account within 2 "
           "days.",
           "Logged a complaint, gave me reference CMP-48213 and said I would hear back by Friday."},
          {"Said someone would be in touch.", "Told me to ring the complaints line myself.",
           "Nothing specific; just that it was 'being looked into'."}}},
        {"phone-enquiry/terms_quoted",
         {{"24-month contract at £32.99 a month, rising by £3 each April; exit fees explained.",
           "18 months, £29 a month, £3.50 rise every April, £60 set-up fee waived.",
           "24 months at £27.50 a month; price goes up by £3 each April; 14-day cooling-off."},
          {"Said 18 months, around £30 a month, rises 'in line with inflation'.",
           "Only gave the monthly price; nothing on rises or the contract length.",
           "'About thirty pounds' a month; did not know the contract length."}}},
        {"staged-complaint/next_steps_said",
         {{"Refunded the full £49.99 to my card there and then.",
           "Replacement handed over immediately and the receipt stamped.",
           "Service desk will call me by 5 pm on Thursday; reference written on my receipt."},
          {"Someone will be in touch.", "Contact the manufacturer; the number is on the box.",
           "Said there was nothing they could do today."}}},
    };
    return bank;
}
const TextBank kGenericText = {
    {"Clear and specific; everything was explained.", "Gave a specific answer with a timescale."},
    {"Vague; nothing specific was said.", "Could not give an answer."}};

// ---------------------------------------------------------------------------------------------
// The model of people.

struct Trained {
    int section = 0; ///< global section index
    int day = 0;
    double boost = 0;
};

struct Employee {
    std::string code;
    std::string name;
    int client = 0;
    int branch = 0;
    double base = 0;
    double shift_weight = 1;
    std::vector<double> offset; ///< per global section
    std::vector<Trained> trained;
};

struct Branch {
    std::string code;
    std::string name;
    int client = 0;
    int region = 0;
    double effect = 0;
    std::vector<int> employees;
    std::vector<double> employee_weights;
};

struct Shopper {
    std::string code;
    std::string name;
    double strictness = 0; ///< added to the logit: negative for strict shoppers
};

struct Client {
    std::string name;
    double share = 0;
    std::vector<std::string> regions;
    std::vector<int> branches;
    std::vector<int> shoppers;            ///< into the shopper pool
    std::vector<double> section_effect;   ///< per global section
    std::vector<double> template_weights; ///< per plan
};

// ---------------------------------------------------------------------------------------------
// Per-template plans: everything about a question that does not change between visits.

struct NumberBand {
    int lo = 0;
    int hi = 0;
    double score = 0;
};

struct QuestionPlan {
    double difficulty = 0;
    bool even_driver = false;           ///< a show_if driver whose options all score the same
    std::vector<double> driver_weights; ///< per option
    std::vector<int> pass_options;      ///< choice
    std::vector<int> fail_options;
    std::vector<int> pass_values; ///< scale, highest first
    std::vector<int> fail_values;
    std::vector<NumberBand> pass_bands; ///< number, best first
    std::vector<NumberBand> fail_bands;
    double option_total = 0; ///< checklist
    double option_max = 0;
    std::vector<int> options_by_score; ///< checklist, highest score first
    const std::vector<std::string>* fail_remarks = nullptr;
    const std::vector<std::string>* pass_remarks = nullptr;
    const TextBank* text = nullptr;
};

struct TemplatePlan {
    const forms::Template* tpl = nullptr;
    std::vector<int> section_global;        ///< per section
    std::vector<std::string> section_label; ///< lower-case title for summaries
    std::vector<double> reassign_weight;    ///< per section: chance to be attributed to a colleague
    std::vector<QuestionPlan> questions;
};

double number_band_score(const forms::Question& q, double x) {
    for (const forms::Band& b : q.bands)
        if (!b.max || x <= *b.max)
            return b.score;
    return 0;
}

TemplatePlan make_plan(const forms::Template& tpl,
                       const std::map<std::string, int, std::less<>>& section_index) {
    TemplatePlan plan;
    plan.tpl = &tpl;
    const std::size_t nq = tpl.questions.size();
    // Which options of which questions unlock a section or a question.
    std::vector<std::set<std::string>> unlocks_section(nq);
    std::vector<bool> drives(nq, false);
    auto note = [&](const std::optional<forms::ShowIf>& s, bool section) {
        if (!s || s->question_index < 0 || static_cast<std::size_t>(s->question_index) >= nq)
            return;
        auto r = static_cast<std::size_t>(s->question_index);
        drives[r] = true;
        if (section)
            for (const auto& v : s->in)
                if (v.is_string())
                    unlocks_section[r].insert(v.get<std::string>());
    };
    for (const forms::Section& s : tpl.sections) {
        note(s.show_if, true);
        plan.section_global.push_back(section_index.at(s.id));
        std::string label = s.title.empty() ? s.id : s.title;
        if (label.size() > 1 && std::isupper(static_cast<unsigned char>(label[0])) &&
            !std::isupper(static_cast<unsigned char>(label[1])))
            label[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(label[0])));
        plan.section_label.push_back(label);
        // Conditional sections (a handover, a complaint) are the ones most often handled by a
        // colleague.
        plan.reassign_weight.push_back(s.weight > 0 ? (s.show_if ? 3.0 : 1.0) : 0.0);
    }
    for (const forms::Question& q : tpl.questions)
        note(q.show_if, false);

    const auto& fails = fail_remarks();
    const auto& passes = pass_remarks();
    const auto& texts = text_answers();
    for (std::size_t i = 0; i < nq; ++i) {
        const forms::Question& q = tpl.questions[i];
        QuestionPlan p;
        p.difficulty = 0.45 * hashed_unit("question:" + q.id);
        const std::string key = tpl.id + "/" + q.id;
        if (auto it = fails.find(key); it != fails.end())
            p.fail_remarks = &it->second;
        else if (q.scored())
            p.fail_remarks = &generic_fail(q.type);
        if (auto it = passes.find(key); it != passes.end())
            p.pass_remarks = &it->second;
        else if (q.scored() && q.critical == forms::Critical::None &&
                 !(q.type == QuestionType::YesNo && q.expect != "yes"))
            p.pass_remarks = &kGenericPass; // praise only where doing it is the good outcome
        if (auto it = texts.find(key); it != texts.end())
            p.text = &it->second;
        else
            p.text = &kGenericText;

        switch (q.type) {
        case QuestionType::Choice: {
            bool even = !q.options.empty();
            for (const forms::Option& o : q.options)
                even = even && o.score == q.options.front().score;
            if (drives[i] && even) {
                p.even_driver = true;
                std::size_t unlocking = 0;
                for (const forms::Option& o : q.options)
                    unlocking += unlocks_section[i].count(o.id);
                const std::size_t n = q.options.size();
                for (const forms::Option& o : q.options) {
                    const bool u = unlocks_section[i].count(o.id) > 0;
                    if (unlocking == 0 || unlocking == n)
                        p.driver_weights.push_back(1.0 / static_cast<double>(n));
                    else
                        p.driver_weights.push_back(u ? 0.35 / static_cast<double>(unlocking)
                                                     : 0.65 / static_cast<double>(n - unlocking));
                }
            }
            for (std::size_t o = 0; o < q.options.size(); ++o)
                (q.options[o].score >= q.pass_at ? p.pass_options : p.fail_options)
                    .push_back(static_cast<int>(o));
            break;
        }
        case QuestionType::Scale:
            for (int v = q.max; v >= q.min; --v) {
                const double f =
                    q.max > q.min ? static_cast<double>(v - q.min) / (q.max - q.min) : 1.0;
                (f >= q.pass_at ? p.pass_values : p.fail_values).push_back(v);
            }
            break;
        case QuestionType::Checklist:
            for (std::size_t o = 0; o < q.options.size(); ++o) {
                p.option_total += q.options[o].score;
                p.option_max = std::max(p.option_max, q.options[o].score);
                p.options_by_score.push_back(static_cast<int>(o));
            }
            std::stable_sort(p.options_by_score.begin(), p.options_by_score.end(),
                             [&](int a, int b) {
                                 return q.options[static_cast<std::size_t>(a)].score >
                                        q.options[static_cast<std::size_t>(b)].score;
                             });
            break;
        case QuestionType::Number: {
            std::optional<double> prev;
            for (const forms::Band& b : q.bands) {
                NumberBand nb;
                if (!prev)
                    nb.lo = b.max && *b.max >= 10 ? static_cast<int>(std::lround(*b.max / 6)) : 0;
                else
                    nb.lo = static_cast<int>(std::floor(*prev)) + 1;
                if (b.max)
                    nb.hi = static_cast<int>(std::floor(*b.max));
                else
                    nb.hi = nb.lo + std::max(2, nb.lo);
                prev = b.max ? b.max : prev;
                // Keep a band only when its integers really fall in it.
                if (nb.hi < nb.lo || number_band_score(q, nb.lo) != b.score ||
                    number_band_score(q, nb.hi) != b.score)
                    continue;
                nb.score = b.score;
                (b.score >= q.pass_at ? p.pass_bands : p.fail_bands).push_back(nb);
                if (!b.max)
                    break;
            }
            auto by_score = [](const NumberBand& a, const NumberBand& b) {
                return a.score > b.score;
            };
            std::stable_sort(p.pass_bands.begin(), p.pass_bands.end(), by_score);
            std::stable_sort(p.fail_bands.begin(), p.fail_bands.end(), by_score);
            break;
        }
        default:
            break;
        }
        plan.questions.push_back(std::move(p));
    }
    return plan;
}

// ---------------------------------------------------------------------------------------------

constexpr double kIntercept = 1.6;       ///< logit of a good answer for an average employee
constexpr double kNaRate = 0.05;         ///< where "na" is allowed
constexpr double kCriticalScale = 0.045; ///< P(critical failure) = kCriticalScale * (1 - p)
constexpr double kNoEmployee = 0.03;
constexpr double kNoSectionEmployees = 0.25;
constexpr double kReassign = 0.13; ///< some of these land on a hidden section: ~10 % real
constexpr double kCommentRate = 0.30;

/// How much a behaviour moves a branch's customers: their logit per unit of the chance of a
/// good answer there (10 score points above the client's average: +0.6 for greeting, +0.45 for
/// needs finding, +0.25 for complaint handling); the other behaviours move them not at all, and
/// go with their voice only as far as a branch that does one well does the others well too.
double survey_driver_weight(std::string_view section) {
    return section == "greeting"    ? 6.0
           : section == "needs"     ? 4.5
           : section == "complaint" ? 2.5
                                    : 0.0;
}
constexpr double kSurveyIntercept = 1.0; ///< logit of a satisfied customer at an average branch

std::string format_name(Rng& rng, std::set<std::string>& used) {
    for (;;) {
        std::string name = std::string(kFirstNames[rng.below(kFirstNames.size())]) + " " +
                           kSurnames[rng.below(kSurnames.size())];
        if (used.insert(name).second)
            return name;
    }
}

std::string uuid4(Rng& rng) {
    const std::uint64_t hi = rng.bits();
    const std::uint64_t lo = rng.bits();
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                  static_cast<unsigned>((hi >> 16) & 0xffffu),
                  static_cast<unsigned>((hi & 0x0fffu) | 0x4000u),
                  static_cast<unsigned>(((lo >> 48) & 0x3fffu) | 0x8000u),
                  static_cast<unsigned long long>(lo & 0xffffffffffffULL));
    return buf;
}

std::string date_string(int day) {
    const Ymd d = civil_from_days(day);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.y, d.m, d.d);
    return buf;
}

struct Generator {
    Rng rng;
    DemoOptions options;
    std::vector<TemplatePlan> plans;
    std::vector<std::string> section_ids;
    std::vector<double> behaviour; ///< per global section
    std::map<std::string, int, std::less<>> section_index;
    std::vector<Client> clients;
    std::vector<Branch> branches;
    std::vector<Employee> employees;
    std::vector<Shopper> shoppers;
    std::vector<Training> trainings;

    // Per-visit scratch buffers, reused.
    forms::Answers answers;
    std::vector<char> visible;
    std::vector<double> earned, possible;
    std::vector<int> failed, passed, critical;
    std::vector<int> section_employee;

    Generator(std::uint64_t seed, const DemoOptions& o) : rng(seed), options(o) {}

    void setup_templates(const std::vector<std::shared_ptr<const forms::Template>>& templates) {
        // The newest version of every template id, in the order first seen.
        std::vector<const forms::Template*> chosen;
        for (const auto& t : templates) {
            if (!t || forms::is_survey(*t)) // customer surveys: make_survey
                continue;
            auto it = std::find_if(chosen.begin(), chosen.end(),
                                   [&](const forms::Template* c) { return c->id == t->id; });
            if (it == chosen.end())
                chosen.push_back(t.get());
            else if ((*it)->version < t->version)
                *it = t.get();
        }
        for (const forms::Template* t : chosen)
            for (const forms::Section& s : t->sections)
                if (section_index.emplace(s.id, static_cast<int>(section_ids.size())).second) {
                    section_ids.push_back(s.id);
                    behaviour.push_back(behaviour_baseline(s.id));
                }
        for (const forms::Template* t : chosen)
            plans.push_back(make_plan(*t, section_index));
    }

    void setup_organisation() {
        const auto& seeds = client_seeds();
        const std::size_t ns = section_ids.size();
        std::set<std::string> names;
        // The shopper pool: neighbouring clients share two shoppers.
        constexpr int kShoppersPerClient = 14;
        constexpr int kShopperStride = 12;
        const int pool = kShopperStride * static_cast<int>(seeds.size()) + 2;
        for (int i = 0; i < pool; ++i) {
            char code[16];
            std::snprintf(code, sizeof code, "S%03d", i + 1);
            shoppers.push_back({code, format_name(rng, names), 0.15 * rng.normal()});
        }
        int next_employee = 1001;
        for (std::size_t c = 0; c < seeds.size(); ++c) {
            const ClientSeed& cs = seeds[c];
            Client client;
            client.name = cs.name;
            client.share = cs.share;
            for (const char* r : cs.regions)
                client.regions.emplace_back(r);
            for (int i = 0; i < kShoppersPerClient; ++i)
                client.shoppers.push_back(static_cast<int>(c) * kShopperStride + i);
            for (std::size_t s = 0; s < ns; ++s)
                client.section_effect.push_back(0.25 * rng.normal());
            for (const TemplatePlan& p : plans) {
                const std::string& id = p.tpl->id;
                client.template_weights.push_back(id == "branch-visit"       ? cs.mix[0]
                                                  : id == "phone-enquiry"    ? cs.mix[1]
                                                  : id == "staged-complaint" ? cs.mix[2]
                                                                             : 0.3);
            }
            // Branches: one clearly weak and one clearly strong per client.
            std::size_t weakest = 0, strongest = 0;
            for (const BranchSeed& bs : cs.branches) {
                Branch b;
                b.code = bs.code;
                b.name = bs.name;
                b.client = static_cast<int>(c);
                b.region = bs.region;
                b.effect = 0.3 * rng.normal();
                client.branches.push_back(static_cast<int>(branches.size()));
                const std::size_t idx = client.branches.size() - 1;
                branches.push_back(std::move(b));
                const double e = branches.back().effect;
                if (e < branches[static_cast<std::size_t>(client.branches[weakest])].effect)
                    weakest = idx;
                if (e > branches[static_cast<std::size_t>(client.branches[strongest])].effect)
                    strongest = idx;
            }
            branches[static_cast<std::size_t>(client.branches[weakest])].effect -= 0.6;
            if (strongest != weakest)
                branches[static_cast<std::size_t>(client.branches[strongest])].effect += 0.3;
            // Staff: 3 to 6 per branch.
            for (int b : client.branches) {
                const int n = rng.between(3, 6);
                for (int k = 0; k < n; ++k)
                    add_employee(b, next_employee++, names);
            }
            clients.push_back(std::move(client));
        }
        // At least 115 employees: top up the smallest branches.
        while (employees.size() < 115) {
            auto smallest = std::min_element(branches.begin(), branches.end(),
                                             [](const Branch& a, const Branch& b) {
                                                 return a.employees.size() < b.employees.size();
                                             });
            add_employee(static_cast<int>(smallest - branches.begin()), next_employee++, names);
        }
    }

    /// A new employee of branch `b`: a base skill, a per-behaviour offset and a shift weight.
    void add_employee(int b, int number, std::set<std::string>& names) {
        Branch& branch = branches[static_cast<std::size_t>(b)];
        Employee e;
        e.code = "E" + std::to_string(number);
        e.name = format_name(rng, names);
        e.client = branch.client;
        e.branch = b;
        e.base = 0.45 * rng.normal();
        e.shift_weight = rng.between(0.6, 1.4);
        for (std::size_t s = 0; s < section_ids.size(); ++s)
            e.offset.push_back(0.35 * rng.normal());
        branch.employees.push_back(static_cast<int>(employees.size()));
        branch.employee_weights.push_back(e.shift_weight);
        employees.push_back(std::move(e));
    }

    void setup_trainings() {
        // Sections worth training, in order of preference, among those the templates score.
        std::vector<std::string> candidates;
        for (const char* id : {"greeting", "complaint", "product", "needs", "closing"})
            if (section_index.count(id))
                candidates.emplace_back(id);
        for (const TemplatePlan& p : plans)
            for (const forms::Section& s : p.tpl->sections)
                if (s.weight > 0 &&
                    std::find(candidates.begin(), candidates.end(), s.id) == candidates.end())
                    candidates.push_back(s.id);
        if (candidates.empty() || clients.empty())
            return;
        struct Wish {
            int client;
            const char* section;
        };
        static const std::array<Wish, 6> wishes = {{{0, "greeting"},
                                                    {1, "complaint"},
                                                    {2, "greeting"},
                                                    {0, "complaint"},
                                                    {1, "product"},
                                                    {2, "complaint"}}};
        const int count = rng.between(4, 6);
        const int start = options.end_day - 364;
        std::set<std::pair<int, std::string>> done;
        std::set<std::string> ids;
        for (int k = 0; k < count; ++k) {
            const int c =
                wishes[static_cast<std::size_t>(k)].client % static_cast<int>(clients.size());
            std::string section = wishes[static_cast<std::size_t>(k)].section;
            if (!section_index.count(section) || done.count({c, section})) {
                section.clear();
                for (const std::string& s : candidates)
                    if (!done.count({c, s})) {
                        section = s;
                        break;
                    }
                if (section.empty())
                    continue;
            }
            done.insert({c, section});
            const int g = section_index.at(section);
            // Mid-year, with a full 90-day window either side.
            const int day = start + 170 + 14 * k + rng.between(0, 10);
            // The cohort: 8–15 of the weaker half-and-more of the client's staff in that section.
            std::vector<int> staff;
            for (std::size_t e = 0; e < employees.size(); ++e)
                if (employees[e].client == c)
                    staff.push_back(static_cast<int>(e));
            std::stable_sort(staff.begin(), staff.end(), [&](int a, int b) {
                const Employee& x = employees[static_cast<std::size_t>(a)];
                const Employee& y = employees[static_cast<std::size_t>(b)];
                return x.base + x.offset[static_cast<std::size_t>(g)] <
                       y.base + y.offset[static_cast<std::size_t>(g)];
            });
            std::size_t pool = std::max<std::size_t>(staff.size() * 6 / 10,
                                                     std::min<std::size_t>(staff.size(), 15));
            staff.resize(std::min(pool, staff.size()));
            const std::size_t n =
                std::min(staff.size(), static_cast<std::size_t>(rng.between(8, 15)));
            for (std::size_t i = 0; i < n; ++i) // partial Fisher–Yates
                std::swap(staff[i], staff[i + rng.below(staff.size() - i)]);
            staff.resize(n);
            std::sort(staff.begin(), staff.end());

            Training t;
            const Ymd d = civil_from_days(day);
            char month[16];
            std::snprintf(month, sizeof month, "%04d-%02d", d.y, d.m);
            std::string slug = section;
            std::replace(slug.begin(), slug.end(), '_', '-');
            t.id = std::string("T") + month + "-" + slug;
            for (int suffix = 2; !ids.insert(t.id).second; ++suffix)
                t.id = std::string("T") + month + "-" + slug + "-" + std::to_string(suffix);
            t.title = section == "greeting"    ? "First impressions: greeting every customer well"
                      : section == "complaint" ? "Handling complaints with empathy and ownership"
                      : section == "product" ? "Setting expectations: product limits and lead times"
                      : section == "needs"   ? "Needs-based conversations"
                                             : "Refresher: " + section_title(section);
            t.trainer = kTrainers[rng.below(kTrainers.size())];
            t.date = date_string(day);
            t.client = clients[static_cast<std::size_t>(c)].name;
            t.sections = {section};
            for (int e : staff) {
                Employee& emp = employees[static_cast<std::size_t>(e)];
                t.employees.push_back(emp.code);
                emp.trained.push_back({g, day, rng.between(0.15, 0.25)});
            }
            trainings.push_back(std::move(t));
        }
    }

    std::string section_title(const std::string& id) const {
        for (const TemplatePlan& p : plans)
            for (const forms::Section& s : p.tpl->sections)
                if (s.id == id && !s.title.empty())
                    return s.title;
        return id;
    }

    /// Visit times (day * 1440 + minute), sorted: over the 365 days ending at end_day, no
    /// Sundays or bank holidays, fewer on Saturdays, 09:00–17:29.
    std::vector<std::int64_t> visit_times(std::size_t n) {
        std::vector<std::int64_t> times;
        times.reserve(n);
        const int start = options.end_day - 364;
        while (times.size() < n) {
            const int day = start + static_cast<int>(rng.below(365));
            const int wd = weekday(day);
            if (wd == 0)
                continue;
            const Ymd d = civil_from_days(day);
            if ((d.m == 12 && (d.d == 25 || d.d == 26)) || (d.m == 1 && d.d == 1))
                continue;
            if (wd == 6 && !rng.chance(0.55))
                continue;
            const int minute = 9 * 60 + rng.between(0, 8 * 60 + 29);
            times.push_back(static_cast<std::int64_t>(day) * 1440 + minute);
        }
        std::sort(times.begin(), times.end());
        return times;
    }

    double training_boost(const Employee& e, int g, int day) const {
        double boost = 0;
        for (const Trained& t : e.trained)
            if (t.section == g && day >= t.day)
                boost += t.boost;
        return boost;
    }

    /// Answers one question; returns its fraction (or -1 for NA, unscored and text).
    double answer_question(const forms::Question& q, const QuestionPlan& p, double prob,
                           double running, Answer& out) {
        if (p.even_driver) {
            out = Answer::text(q.options[rng.weighted(p.driver_weights)].id);
            return -1;
        }
        if (q.na_allowed && q.type != QuestionType::Text && rng.chance(kNaRate)) {
            out = Answer::na();
            return -1;
        }
        const bool good = q.critical != forms::Critical::None
                              ? !rng.chance(kCriticalScale * (1 - prob))
                              : rng.chance(prob);
        switch (q.type) {
        case QuestionType::YesNo: {
            const std::string other = q.expect == "yes" ? "no" : "yes";
            out = Answer::text(good ? q.expect : other);
            return good ? 1.0 : 0.0;
        }
        case QuestionType::Scale: {
            const auto& values = (good && !p.pass_values.empty()) || p.fail_values.empty()
                                     ? p.pass_values
                                     : p.fail_values;
            // Walk down from the best value of the chosen class: skilled staff stop earlier.
            const double stop = good ? prob : 0.45 + 0.3 * prob;
            std::size_t k = 0;
            while (k + 1 < values.size() && !rng.chance(stop))
                ++k;
            const int v = values.empty() ? q.min : values[k];
            out = Answer::number(v);
            return q.max > q.min ? static_cast<double>(v - q.min) / (q.max - q.min) : 1.0;
        }
        case QuestionType::Choice: {
            const bool use_pass = (good && !p.pass_options.empty()) || p.fail_options.empty();
            const auto& set = use_pass ? p.pass_options : p.fail_options;
            std::array<double, 16> w{};
            const std::size_t n = std::min(set.size(), w.size());
            for (std::size_t i = 0; i < n; ++i) {
                const double s = q.options[static_cast<std::size_t>(set[i])].score;
                w[i] = use_pass ? 0.2 + s : 0.15 + s * (0.5 + prob);
            }
            const int o = set[rng.weighted(std::span<const double>(w.data(), n))];
            const forms::Option& opt = q.options[static_cast<std::size_t>(o)];
            out = Answer::text(opt.id);
            return opt.score;
        }
        case QuestionType::Checklist: {
            std::array<bool, 64> chosen{};
            const std::size_t n = std::min(q.options.size(), chosen.size());
            double sum = 0;
            for (std::size_t o = 0; o < n; ++o) {
                const double s = q.options[o].score;
                const double pi =
                    std::clamp(0.08 + 0.9 * prob - (s < p.option_max ? 0.15 : 0.0), 0.02, 0.98);
                chosen[o] = rng.chance(pi);
                if (chosen[o])
                    sum += s;
            }
            auto f = [&] { return p.option_total > 0 ? sum / p.option_total : 0.0; };
            if (good) // add the most valuable missing items until it passes
                for (int o : p.options_by_score) {
                    if (f() >= q.pass_at)
                        break;
                    auto uo = static_cast<std::size_t>(o);
                    if (uo < n && !chosen[uo]) {
                        chosen[uo] = true;
                        sum += q.options[uo].score;
                    }
                }
            else // drop the most valuable items until it fails
                for (int o : p.options_by_score) {
                    if (f() < q.pass_at)
                        break;
                    auto uo = static_cast<std::size_t>(o);
                    if (uo < n && chosen[uo]) {
                        chosen[uo] = false;
                        sum -= q.options[uo].score;
                    }
                }
            sum = 0;
            std::vector<std::string> items;
            for (std::size_t o = 0; o < n; ++o)
                if (chosen[o]) {
                    items.push_back(q.options[o].id);
                    sum += q.options[o].score;
                }
            out = Answer::list(std::move(items));
            return f();
        }
        case QuestionType::Number: {
            const bool use_pass = (good && !p.pass_bands.empty()) || p.fail_bands.empty();
            const auto& bands = use_pass ? p.pass_bands : p.fail_bands;
            if (bands.empty()) {
                out = Answer::number(0);
                return number_band_score(q, 0);
            }
            std::size_t k = 0;
            while (k + 1 < bands.size() && !rng.chance(use_pass ? 0.8 : 0.6))
                ++k;
            const int v = rng.between(bands[k].lo, bands[k].hi);
            out = Answer::number(v);
            return number_band_score(q, v);
        }
        case QuestionType::Nps: {
            const double x = 1.0 + 9.0 * running + 1.3 * rng.normal();
            out = Answer::number(std::clamp(std::round(x), 0.0, 10.0));
            return -1;
        }
        case QuestionType::Text: {
            const auto& list = good ? p.text->good : p.text->poor;
            out = Answer::text(list.empty() ? std::string("No comment.") : rng.pick(list));
            return -1;
        }
        }
        return -1;
    }

    forms::Visit make_visit(std::int64_t when) {
        const int day = static_cast<int>(when / 1440);
        const int minute = static_cast<int>(when % 1440);

        std::array<double, 8> shares{};
        for (std::size_t c = 0; c < clients.size() && c < shares.size(); ++c)
            shares[c] = clients[c].share;
        const Client& client = clients[rng.weighted(shares)];
        const Branch& branch =
            branches[static_cast<std::size_t>(client.branches[rng.below(client.branches.size())])];
        const std::size_t plan_index = rng.weighted(client.template_weights);
        const TemplatePlan& plan = plans[plan_index];
        const forms::Template& tpl = *plan.tpl;
        const Shopper& shopper =
            shoppers[static_cast<std::size_t>(client.shoppers[rng.below(client.shoppers.size())])];
        const int primary = branch.employees[rng.weighted(branch.employee_weights)];
        const bool identified = !rng.chance(kNoEmployee);

        enum class Attribution { None, Explicit, Reassign } mode = Attribution::Explicit;
        const double r = rng.uniform();
        if (!identified || r < kNoSectionEmployees)
            mode = Attribution::None;
        else if (r < kNoSectionEmployees + kReassign)
            mode = Attribution::Reassign;
        int reassigned = -1;
        int colleague = primary;
        if (mode == Attribution::Reassign && branch.employees.size() > 1) {
            reassigned = static_cast<int>(rng.weighted(plan.reassign_weight));
            do
                colleague = branch.employees[rng.below(branch.employees.size())];
            while (colleague == primary);
        }
        const double form = 0.4 * rng.normal(); // the day's form of the staff

        forms::Visit v;
        v.uuid = uuid4(rng);
        v.template_id = tpl.id;
        v.template_version = tpl.version;
        v.client = client.name;
        v.region = client.regions[static_cast<std::size_t>(branch.region)];
        v.branch = branch.code;
        v.branch_name = branch.name;
        if (identified) {
            v.employee = employees[static_cast<std::size_t>(primary)].code;
            v.employee_name = employees[static_cast<std::size_t>(primary)].name;
        }
        v.shopper = shopper.code;
        v.shopper_name = shopper.name;
        {
            const Ymd d = civil_from_days(day);
            char buf[32];
            std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:00", d.y, d.m, d.d,
                          minute / 60, minute % 60);
            v.visited_at = buf;
        }

        // Answers, section by section, evaluating visibility as we go.
        const std::size_t nq = tpl.questions.size();
        const std::size_t nsec = tpl.sections.size();
        answers.assign(nq, Answer());
        visible.assign(nq, 0);
        earned.assign(nsec, 0.0);
        possible.assign(nsec, 0.0);
        section_employee.assign(nsec, -1);
        failed.clear();
        passed.clear();
        critical.clear();
        double run_earned = 0, run_possible = 0;
        auto holds = [&](const forms::ShowIf& s) {
            const auto qi = static_cast<std::size_t>(s.question_index);
            return s.question_index >= 0 && qi < nq && visible[qi] && answers[qi].answered() &&
                   answers[qi].matches(s.in);
        };
        for (std::size_t si = 0; si < nsec; ++si) {
            const forms::Section& s = tpl.sections[si];
            if (s.show_if && !holds(*s.show_if))
                continue;
            const int staff = static_cast<int>(si) == reassigned ? colleague : primary;
            section_employee[si] = staff;
            const Employee& e = employees[static_cast<std::size_t>(staff)];
            const auto g = static_cast<std::size_t>(plan.section_global[si]);
            const double logit = kIntercept + e.base + e.offset[g] + branch.effect +
                                 client.section_effect[g] + behaviour[g] + shopper.strictness +
                                 form;
            const double boost = training_boost(e, static_cast<int>(g), day);
            for (int i = s.first; i < s.last; ++i) {
                const auto ui = static_cast<std::size_t>(i);
                const forms::Question& q = tpl.questions[ui];
                if (q.show_if && !holds(*q.show_if))
                    continue;
                visible[ui] = 1;
                const QuestionPlan& qp = plan.questions[ui];
                const double prob = std::clamp(sigmoid(logit + qp.difficulty) + boost, 0.03, 0.97);
                const double running = run_possible > 0 ? run_earned / run_possible : prob;
                const double f = answer_question(q, qp, prob, running, answers[ui]);
                if (f < 0 || !q.scored())
                    continue;
                earned[si] += f * q.points;
                possible[si] += q.points;
                run_earned += f * q.points;
                run_possible += q.points;
                if (f >= q.pass_at) {
                    if (qp.pass_remarks)
                        passed.push_back(i);
                } else {
                    failed.push_back(i);
                    if (q.critical != forms::Critical::None)
                        critical.push_back(i);
                }
            }
        }
        v.answers = forms::answers_to_json(tpl, answers);

        if (mode != Attribution::None)
            for (std::size_t si = 0; si < nsec; ++si)
                if (section_employee[si] >= 0 && tpl.sections[si].weight > 0)
                    v.section_employees[tpl.sections[si].id] =
                        employees[static_cast<std::size_t>(section_employee[si])].code;

        // Comments: always on a critical failure; on ~30 % of visits one or two remarks,
        // mostly about what went wrong.
        for (int i : critical) {
            const QuestionPlan& qp = plan.questions[static_cast<std::size_t>(i)];
            v.comments[tpl.questions[static_cast<std::size_t>(i)].id] =
                rng.pick(qp.fail_remarks ? *qp.fail_remarks : kCriticalGeneric);
        }
        if (rng.chance(kCommentRate)) {
            const int n = rng.chance(0.35) ? 2 : 1;
            for (int k = 0; k < n; ++k) {
                const bool on_failure = !failed.empty() && (passed.empty() || rng.chance(0.8));
                const auto& from = on_failure ? failed : passed;
                if (from.empty())
                    break;
                const auto i = static_cast<std::size_t>(rng.pick(from));
                const QuestionPlan& qp = plan.questions[i];
                const auto* bank = on_failure ? qp.fail_remarks : qp.pass_remarks;
                if (bank && !bank->empty())
                    v.comments.emplace(tpl.questions[i].id, rng.pick(*bank));
            }
        }
        v.summary = summary(plan, !critical.empty(), identified);
        v.status = status(day);
        return v;
    }

    std::string summary(const TemplatePlan& plan, bool critical_failure, bool identified) {
        const forms::Template& tpl = *plan.tpl;
        double num = 0, den = 0;
        int best = -1, worst = -1;
        double best_f = -1, worst_f = 2;
        for (std::size_t si = 0; si < tpl.sections.size(); ++si) {
            if (possible[si] <= 0 || !(tpl.sections[si].weight > 0))
                continue;
            const double f = earned[si] / possible[si];
            num += tpl.sections[si].weight * f;
            den += tpl.sections[si].weight;
            if (f > best_f)
                best_f = f, best = static_cast<int>(si);
            if (f < worst_f)
                worst_f = f, worst = static_cast<int>(si);
        }
        const double overall = den > 0 ? num / den : 0;
        const std::string b = best >= 0 ? plan.section_label[static_cast<std::size_t>(best)]
                                        : std::string("the service");
        const std::string w = worst >= 0 ? plan.section_label[static_cast<std::size_t>(worst)]
                                         : std::string("the service");
        std::string text;
        switch (overall >= 0.9 ? 0 : overall >= 0.75 ? 1 : overall >= 0.55 ? 2 : 3) {
        case 0:
            text = rng.chance(0.5) ? "Excellent visit from start to finish; " + b + " stood out."
                                   : "A very polished experience, with " + b + " exemplary.";
            break;
        case 1:
            text = rng.chance(0.5)
                       ? "A good visit overall, although " + w + " could be tightened up."
                       : "Solid service: " + b + " was strong, " + w + " less so.";
            break;
        case 2:
            text = rng.chance(0.5) ? "A mixed visit: " + b + " was fine but " + w + " fell short."
                                   : "An average experience; " + w + " needs attention.";
            break;
        default:
            text = rng.chance(0.5)
                       ? "A disappointing visit; " + w + " in particular was well below standard."
                       : "Poor experience overall, with " + w + " the weakest area.";
            break;
        }
        if (critical_failure)
            text += " A serious issue was recorded; see the comments.";
        if (!identified)
            text += " I could not identify the member of staff who served me.";
        return text;
    }

    /// Customer survey responses to `tpl` (a survey scorecard) at every branch, in date order:
    /// 20–60 a branch over the demo's year (two branches of each client get only 3–8, fewer
    /// than a branch needs to take part in the drivers), scaled down for demos of fewer than
    /// 2,000 visits. A branch's customers are the more satisfied the better its staff do in
    /// the behaviours survey_driver_weight names (what a shopper would expect of its staff there,
    /// above the client's average); some customers name who served them.
    void make_survey(const forms::Template& tpl, const std::function<void(forms::Visit&&)>& sink) {
        std::map<std::string, int, std::less<>> own_sections;
        for (const forms::Section& s : tpl.sections)
            own_sections.emplace(s.id, static_cast<int>(own_sections.size()));
        TemplatePlan plan = make_plan(tpl, own_sections);
        static const TextBank customer_words = {
            {"Friendly staff and no waiting; thank you.", "Really helpful, sorted in minutes.",
             "The person who served me knew exactly what I needed."},
            {"Waited too long and nobody said why.", "Nobody seemed interested in helping me.",
             "Had to explain everything twice."}};
        for (std::size_t i = 0; i < tpl.questions.size(); ++i)
            if (tpl.questions[i].type == QuestionType::Text)
                plan.questions[i].text = &customer_words;
        const double scale = std::min(1.0, static_cast<double>(options.visits) / 2000.0);
        const std::size_t ns = section_ids.size();
        struct Response {
            std::int64_t when;
            int branch;
        };
        std::vector<Response> responses;
        std::vector<double> level(branches.size(), 0.0); // the branch's customers' logit
        for (const Client& client : clients) {
            // What a mystery shopper would expect of each behaviour at each branch: the chance
            // of a good answer from its staff (shift-weighted, as visits meet them), against the
            // client's average over its branches.
            std::vector<std::vector<double>> expected;
            for (int b : client.branches) {
                const Branch& br = branches[static_cast<std::size_t>(b)];
                std::vector<double> x(ns, 0.0);
                double w = 0;
                for (std::size_t k = 0; k < br.employees.size(); ++k) {
                    const Employee& e = employees[static_cast<std::size_t>(br.employees[k])];
                    const double wk = br.employee_weights[k];
                    for (std::size_t s = 0; s < ns; ++s)
                        x[s] += wk * sigmoid(kIntercept + e.base + e.offset[s] + br.effect +
                                             client.section_effect[s] + behaviour[s]);
                    w += wk;
                }
                for (double& v : x)
                    v = w > 0 ? v / w : 0.0;
                expected.push_back(std::move(x));
            }
            std::vector<double> mean_expected(ns, 0.0);
            for (const auto& x : expected)
                for (std::size_t s = 0; s < ns; ++s)
                    mean_expected[s] += x[s] / static_cast<double>(expected.size());
            // Two branches of each client with few responses.
            std::set<std::size_t> few;
            while (few.size() < std::min<std::size_t>(2, client.branches.size()))
                few.insert(rng.below(client.branches.size()));
            for (std::size_t i = 0; i < client.branches.size(); ++i) {
                const int b = client.branches[i];
                double l = kSurveyIntercept + 0.3 * rng.normal();
                for (std::size_t s = 0; s < ns; ++s)
                    l += survey_driver_weight(section_ids[s]) * (expected[i][s] - mean_expected[s]);
                level[static_cast<std::size_t>(b)] = l;
                const int wanted = few.count(i) ? rng.between(3, 8) : rng.between(20, 60);
                const auto n = static_cast<std::size_t>(std::lround(wanted * scale));
                for (std::int64_t t : visit_times(n))
                    responses.push_back({t, b});
            }
        }
        std::stable_sort(responses.begin(), responses.end(),
                         [](const Response& a, const Response& b) { return a.when < b.when; });

        const std::size_t nq = tpl.questions.size();
        for (const Response& r : responses) {
            const Branch& branch = branches[static_cast<std::size_t>(r.branch)];
            const Client& client = clients[static_cast<std::size_t>(branch.client)];
            forms::Visit v;
            v.uuid = uuid4(rng);
            v.template_id = tpl.id;
            v.template_version = tpl.version;
            v.client = client.name;
            v.region = client.regions[static_cast<std::size_t>(branch.region)];
            v.branch = branch.code;
            v.branch_name = branch.name;
            if (rng.chance(0.3)) {
                const Employee& e = employees[static_cast<std::size_t>(
                    branch.employees[rng.weighted(branch.employee_weights)])];
                v.employee = e.code;
                v.employee_name = e.name;
            }
            const int day = static_cast<int>(r.when / 1440);
            const int minute = static_cast<int>(r.when % 1440);
            v.visited_at = date_string(day);
            {
                char buf[16];
                std::snprintf(buf, sizeof buf, "T%02d:%02d:00", minute / 60, minute % 60);
                v.visited_at += buf;
            }
            v.status = forms::Status::Approved;
            // This customer's satisfaction, and their answers from it.
            const double logit = level[static_cast<std::size_t>(r.branch)] + 0.8 * rng.normal();
            answers.assign(nq, Answer());
            visible.assign(nq, 0);
            double run_earned = 0, run_possible = 0;
            auto holds = [&](const forms::ShowIf& s) {
                const auto qi = static_cast<std::size_t>(s.question_index);
                return s.question_index >= 0 && qi < nq && visible[qi] && answers[qi].answered() &&
                       answers[qi].matches(s.in);
            };
            for (const forms::Section& s : tpl.sections) {
                if (s.show_if && !holds(*s.show_if))
                    continue;
                for (int i = s.first; i < s.last; ++i) {
                    const auto ui = static_cast<std::size_t>(i);
                    const forms::Question& q = tpl.questions[ui];
                    if (q.show_if && !holds(*q.show_if))
                        continue;
                    visible[ui] = 1;
                    if (q.type == QuestionType::Text && !rng.chance(0.25))
                        continue; // most customers write nothing
                    const QuestionPlan& qp = plan.questions[ui];
                    const double prob = std::clamp(sigmoid(logit + qp.difficulty), 0.03, 0.97);
                    const double running = run_possible > 0 ? run_earned / run_possible : prob;
                    const double f = answer_question(q, qp, prob, running, answers[ui]);
                    if (f < 0 || !q.scored())
                        continue;
                    run_earned += f * q.points;
                    run_possible += q.points;
                }
            }
            v.answers = forms::answers_to_json(tpl, answers);
            sink(std::move(v));
        }
    }

    forms::Status status(int day) {
        // Recent visits are often still waiting for review.
        const bool recent = day > options.end_day - 30;
        const double u = rng.uniform();
        if (u < (recent ? 0.5 : 0.045))
            return forms::Status::Submitted;
        const double w = rng.uniform();
        if (w < 0.042)
            return forms::Status::Returned;
        if (w < 0.074)
            return forms::Status::Excluded;
        return forms::Status::Approved;
    }
};

} // namespace

std::vector<std::string> demo_client_names() {
    std::vector<std::string> out;
    for (const ClientSeed& c : client_seeds())
        out.emplace_back(c.name);
    return out;
}

std::vector<Training>
make_demo_data(const std::vector<std::shared_ptr<const forms::Template>>& templates,
               const DemoOptions& options, const std::function<void(forms::Visit&&)>& sink) {
    Generator gen(options.seed, options);
    gen.setup_templates(templates);
    if (gen.plans.empty())
        return {};
    gen.setup_organisation();
    gen.setup_trainings();
    // A training may only name staff that the visits brought into the database (a small demo
    // does not meet every employee).
    std::set<std::pair<std::string, std::string>> seen; // client, employee code
    for (std::int64_t t : gen.visit_times(options.visits)) {
        forms::Visit v = gen.make_visit(t);
        if (!v.employee.empty())
            seen.emplace(v.client, v.employee);
        for (const auto& [section, code] : v.section_employees)
            seen.emplace(v.client, code);
        sink(std::move(v));
    }
    std::vector<Training> trainings;
    for (Training& t : gen.trainings) {
        std::erase_if(t.employees, [&](const std::string& e) {
            return !seen.count({t.client, e});
        });
        if (!t.employees.empty())
            trainings.push_back(std::move(t));
    }
    return trainings;
}

std::size_t make_demo_survey(const std::vector<std::shared_ptr<const forms::Template>>& templates,
                             const DemoOptions& options,
                             const std::function<void(forms::Visit&&)>& sink) {
    const forms::Template* survey = nullptr;
    for (const auto& t : templates)
        if (t && forms::is_survey(*t) &&
            (!survey || (survey->id == t->id && survey->version < t->version)))
            survey = t.get();
    if (!survey)
        return 0;
    // The organisation exactly as make_demo_data builds it for this seed, then draws of its own.
    Generator gen(options.seed, options);
    gen.setup_templates(templates);
    if (gen.plans.empty())
        return 0;
    gen.setup_organisation();
    gen.rng = Rng(options.seed ^ 0x5c0feed5u);
    std::size_t n = 0;
    gen.make_survey(*survey, [&](forms::Visit&& v) {
        ++n;
        sink(std::move(v));
    });
    return n;
}

DemoData make_demo_data(const std::vector<std::shared_ptr<const forms::Template>>& templates,
                        const DemoOptions& options) {
    DemoData data;
    data.visits.reserve(options.visits);
    data.trainings = make_demo_data(templates, options,
                                    [&](forms::Visit&& v) { data.visits.push_back(std::move(v)); });
    return data;
}

std::size_t add_demo_assignments(Store& store, const DemoOptions& options, int today) {
    std::mt19937_64 rng(options.seed ^ 0xa55a5aa5ULL);
    auto below = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
    const std::shared_ptr<const forms::Template> tpl = store.latest_template("branch-visit");
    if (!tpl)
        return 0;
    std::vector<Assignment> items;
    std::vector<std::pair<std::string, std::string>> statuses;  // uuid, status to set after put
    std::vector<std::pair<std::int64_t, std::string>> made_for; // visit id, its assignment uuid
    for (const OrgEntity& client : store.org_list(OrgKind::Client, std::nullopt, false, false)) {
        const auto regions = store.org_list(OrgKind::Region, client.id, false, false);
        const auto branches = store.org_list(OrgKind::Branch, client.id, false, false);
        const auto shoppers = store.org_list(OrgKind::Shopper, client.id, false, false);
        if (regions.empty() || branches.size() < 4 || shoppers.size() < 4)
            continue;
        // Home regions, round the client's regions; three shoppers known at a branch.
        for (std::size_t i = 0; i < shoppers.size(); ++i)
            store.set_shopper_region(client.name, shoppers[i].code,
                                     regions[i % regions.size()].name);
        std::set<std::pair<std::string, std::string>> known;
        for (int i = 0; i < 3; ++i) {
            const std::string& s = shoppers[below(shoppers.size())].code;
            const std::string& b = branches[below(branches.size())].code;
            if (known.insert({s, b}).second)
                store.set_shopper_exclusion(client.name, s, b, true,
                                            i == 0 ? "former employee" : "a relative works there");
        }
        // A shopper of the branch's region when there is one, never one known there.
        auto shopper_for = [&](const OrgEntity& branch, std::size_t turn) {
            std::vector<std::string> local, any;
            for (const OrgEntity& s : shoppers) {
                if (known.count({s.code, branch.code}))
                    continue;
                any.push_back(s.code);
                if (s.parent == branch.parent)
                    local.push_back(s.code);
            }
            const auto& pool = local.empty() ? any : local;
            return pool.empty() ? std::string() : pool[turn % pool.size()];
        };
        auto make = [&](const OrgEntity& branch, int from, int to, std::size_t turn,
                        const std::string& scenario) {
            Assignment a;
            std::uint64_t x = rng(), y = rng();
            x = (x & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;
            y = (y & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;
            char buf[40];
            std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx",
                          static_cast<unsigned>(x >> 32), static_cast<unsigned>((x >> 16) & 0xFFFF),
                          static_cast<unsigned>(x & 0xFFFF), static_cast<unsigned>(y >> 48),
                          static_cast<unsigned long long>(y & 0xFFFFFFFFFFFFULL));
            a.uuid = buf;
            a.client = client.name;
            a.branch = branch.code;
            a.template_id = tpl->id;
            a.template_version = tpl->version;
            a.scenario = scenario;
            a.window_from = date_string(from);
            a.window_to = date_string(to);
            a.shopper = shopper_for(branch, turn);
            a.fee_cents = 2000 + 250 * static_cast<std::int64_t>(below(9));
            a.status = "offered";
            return a;
        };
        static const char* const kScenarios[] = {
            "Ask about opening a savings account for a child",
            "Ask to change the address on an account, without proof of address at first",
            "Complain politely about a card payment taken twice",
            "Ask what it costs to send money abroad"};
        // Ten upcoming assignments over the next eight weeks, in every status.
        static const char* const kStatuses[] = {"offered",  "offered", "accepted", "accepted",
                                                "declined", "offered", "accepted", "cancelled",
                                                "offered",  ""};
        for (std::size_t i = 0; i < 10; ++i) {
            const OrgEntity& branch = branches[(i * 3 + below(3)) % branches.size()];
            const int from = today + 7 + static_cast<int>(i) * 5;
            Assignment a = make(branch, from, from + 13, i, kScenarios[i % 4]);
            if (i == 9)
                a.shopper.clear(); // not given to anyone yet
            statuses.push_back({a.uuid, kStatuses[i]});
            items.push_back(std::move(a));
        }
        // Two overdue: offered and accepted, the window over.
        for (std::size_t i = 0; i < 2; ++i) {
            const OrgEntity& branch = branches[(i * 5 + 1) % branches.size()];
            const int to = today - 3 - static_cast<int>(i) * 4;
            Assignment a = make(branch, to - 13, to, i + 3, kScenarios[(i + 1) % 4]);
            statuses.push_back({a.uuid, i == 0 ? "offered" : "accepted"});
            items.push_back(std::move(a));
        }
        // Visited: the client's last visits, each with the assignment it was made for.
        VisitListQuery q;
        q.client_id = client.id;
        q.from_day = options.end_day - 30;
        q.to_day = options.end_day;
        std::vector<std::int64_t> ids = store.visit_ids(q);
        if (ids.size() > 4)
            ids.resize(4);
        for (const VisitListRow& v : store.visit_rows(ids)) {
            const std::optional<int> day = forms::parse_day(v.visited_at.substr(0, 10));
            if (!day)
                continue;
            for (const OrgEntity& branch : branches)
                if (branch.code == v.branch_code) {
                    Assignment a = make(branch, *day - 6, *day + 7, 0, kScenarios[0]);
                    a.shopper = v.shopper_code;
                    a.status = "visited";
                    a.visit_uuid = v.uuid;
                    made_for.emplace_back(v.id, a.uuid);
                    items.push_back(std::move(a));
                }
        }
    }
    store.put_assignments(items, "demo");
    for (const auto& [uuid, status] : statuses)
        if (!status.empty() && status != "offered")
            store.set_assignment_status(uuid, status, {}, "demo");
    // A visited assignment's visit names it, as a visit made from it does: its fee is the
    // assignment's (services/fees.h).
    for (const auto& [id, uuid] : made_for) {
        StoredVisit stored = store.load_visit(id);
        stored.visit.assignment = uuid;
        store.apply_edit(id, stored.visit, stored.updated_at,
                         {{"demo", "link", "assignment", "", uuid, "made for this assignment"}});
    }
    return items.size();
}

} // namespace vs::storage
