#include "exports/client_report.h"

#include "exports/output_file.h"
#include "exports/pseudonym.h"
#include "exports/redact.h"
#include "exports/xlsx.h"
#include "forms/dates.h"
#include "forms/error.h"
#include "forms/template.h"
#include "scoring/aggregate.h"
#include "scoring/training.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <unordered_map>

namespace vs::exports {
namespace {

using scoring::FactTable;
using scoring::GroupKey;
using scoring::VisitGroup;

constexpr lxw_color_t kNavy = 0x1F3864;
constexpr lxw_color_t kBlue = 0x2E75B6;
constexpr lxw_color_t kGrey = 0x7F7F7F;
constexpr lxw_color_t kLightRow = 0xF2F2F2;
constexpr double kExcelEpoch = 25569; // 1970-01-01 as an Excel serial day
constexpr int kMaxColumns = 16384;     // columns of a worksheet
constexpr const char* kOneOffKeyNote =
    "Staff pseudonyms in this report were made without a secret key, with a random key used for "
    "this report only: they do not match the pseudonyms of any other report.";

// ---------------------------------------------------------------------------------------------
// Formats

struct Styles {
    lxw_format *title, *subtitle, *note, *header, *label, *text, *wrap, *integer, *score, *pct,
        *trend, *p, *d, *datetime, *bold_text, *big_score, *big_pct;
    // Low-sample variants: grey italic.
    lxw_format *text_low, *integer_low, *score_low, *pct_low, *trend_low;
    // Conditional formats of the status column.
    lxw_format *good, *near, *bad;

    explicit Styles(Workbook& wb) {
        auto make = [&](auto&& set) {
            lxw_format* f = wb.add_format();
            format_set_font_name(f, "Calibri");
            format_set_font_size(f, 10);
            format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
            set(f);
            return f;
        };
        auto none = [](lxw_format*) {};
        title = make([](lxw_format* f) {
            format_set_font_size(f, 18);
            format_set_bold(f);
            format_set_font_color(f, kNavy);
        });
        subtitle = make([](lxw_format* f) {
            format_set_font_size(f, 12);
            format_set_font_color(f, kBlue);
        });
        note = make([](lxw_format* f) {
            format_set_italic(f);
            format_set_font_color(f, kGrey);
        });
        header = make([](lxw_format* f) {
            format_set_bold(f);
            format_set_font_color(f, LXW_COLOR_WHITE);
            format_set_bg_color(f, kNavy);
            format_set_text_wrap(f);
            format_set_align(f, LXW_ALIGN_CENTER);
            format_set_border(f, LXW_BORDER_THIN);
            format_set_border_color(f, 0xBFBFBF);
        });
        label = make([](lxw_format* f) {
            format_set_bold(f);
            format_set_font_color(f, kNavy);
        });
        text = make(none);
        wrap = make([](lxw_format* f) {
            format_set_text_wrap(f);
            format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
        });
        bold_text = make([](lxw_format* f) { format_set_bold(f); });
        integer = make([](lxw_format* f) { format_set_num_format(f, "#,##0"); });
        score = make([](lxw_format* f) { format_set_num_format(f, "0.0"); });
        pct = make([](lxw_format* f) { format_set_num_format(f, "0.0%"); });
        trend = make([](lxw_format* f) { format_set_num_format(f, "+0.0;-0.0;0.0"); });
        p = make([](lxw_format* f) { format_set_num_format(f, "0.000"); });
        d = make([](lxw_format* f) { format_set_num_format(f, "+0.00;-0.00;0.00"); });
        datetime = make([](lxw_format* f) { format_set_num_format(f, "yyyy-mm-dd hh:mm"); });
        big_score = make([](lxw_format* f) {
            format_set_num_format(f, "0.0");
            format_set_bold(f);
            format_set_font_size(f, 12);
        });
        big_pct = make([](lxw_format* f) {
            format_set_num_format(f, "0.0%");
            format_set_bold(f);
            format_set_font_size(f, 12);
        });
        auto low = [](lxw_format* f) {
            format_set_italic(f);
            format_set_font_color(f, kGrey);
        };
        text_low = make(low);
        integer_low = make([&](lxw_format* f) {
            low(f);
            format_set_num_format(f, "#,##0");
        });
        score_low = make([&](lxw_format* f) {
            low(f);
            format_set_num_format(f, "0.0");
        });
        pct_low = make([&](lxw_format* f) {
            low(f);
            format_set_num_format(f, "0.0%");
        });
        trend_low = make([&](lxw_format* f) {
            low(f);
            format_set_num_format(f, "+0.0;-0.0;0.0");
        });
        // Conditional formats carry only what they change.
        good = wb.add_format();
        format_set_bg_color(good, 0xC6EFCE);
        format_set_font_color(good, 0x006100);
        near = wb.add_format();
        format_set_bg_color(near, 0xFFEB9C);
        format_set_font_color(near, 0x9C5700);
        bad = wb.add_format();
        format_set_bg_color(bad, 0xFFC7CE);
        format_set_font_color(bad, 0x9C0006);
    }
};

// ---------------------------------------------------------------------------------------------
// Small helpers

std::string thousands(std::size_t n) {
    const std::string digits = std::to_string(n);
    std::string s;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0)
            s += ',';
        s += digits[i];
    }
    return s;
}

std::string now_utc() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
    return buf;
}

/// Excel serial date-time of a visit.
double excel_datetime(int day, const std::string& visited_at) {
    double minutes = 0;
    auto digits = [&](std::size_t at) {
        if (visited_at.size() < at + 2 || !std::isdigit(static_cast<unsigned char>(visited_at[at])) ||
            !std::isdigit(static_cast<unsigned char>(visited_at[at + 1])))
            return 0;
        return (visited_at[at] - '0') * 10 + (visited_at[at + 1] - '0');
    };
    if (visited_at.size() >= 16) {
        minutes = digits(11) * 60 + digits(14);
        if (visited_at.size() >= 19)
            minutes += digits(17) / 60.0;
    }
    return kExcelEpoch + day + minutes / 1440.0;
}

/// Width and height of a PNG, JPEG, GIF or BMP image (the types libxlsxwriter takes), when
/// recognisable.
std::optional<std::pair<double, double>> image_size(const std::vector<unsigned char>& b) {
    auto le16 = [&](std::size_t i) { return static_cast<double>(b[i] | b[i + 1] << 8); };
    auto le32 = [&](std::size_t i) {
        return static_cast<double>(static_cast<std::int32_t>(
            static_cast<std::uint32_t>(b[i]) | b[i + 1] << 8 | b[i + 2] << 16 |
            static_cast<std::uint32_t>(b[i + 3]) << 24));
    };
    if (b.size() >= 10 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8')
        return std::make_pair(le16(6), le16(8));
    if (b.size() >= 26 && b[0] == 'B' && b[1] == 'M')
        return std::make_pair(le32(18), std::abs(le32(22)));
    auto be16 = [&](std::size_t i) { return static_cast<double>(b[i] << 8 | b[i + 1]); };
    auto be32 = [&](std::size_t i) {
        return static_cast<double>(static_cast<std::uint32_t>(b[i]) << 24 | b[i + 1] << 16 |
                                   b[i + 2] << 8 | b[i + 3]);
    };
    if (b.size() > 24 && b[0] == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G')
        return std::make_pair(be32(16), be32(20));
    if (b.size() > 4 && b[0] == 0xFF && b[1] == 0xD8) {
        std::size_t i = 2;
        while (i + 9 < b.size()) {
            if (b[i] != 0xFF) {
                ++i;
                continue;
            }
            const unsigned char marker = b[i + 1];
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 &&
                marker != 0xCC)
                return std::make_pair(be16(i + 7), be16(i + 5));
            i += 2 + static_cast<std::size_t>(be16(i + 2));
        }
    }
    return std::nullopt;
}

/// The logo's bytes; throws InputError naming the file unless it is a readable image of a type
/// the workbook can hold (libxlsxwriter's own complaints would only reach stderr).
std::vector<unsigned char> read_logo(const std::string& path) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status))
        throw InputError(path, "logo", "there is no such file");
    if (std::filesystem::is_directory(status))
        throw InputError(path, "logo", "is a folder, not an image file");
    if (!std::filesystem::is_regular_file(status))
        throw InputError(path, "logo", "is not a regular file");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputError(path, "logo", "cannot be read (permissions?)");
    std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)), {});
    const auto size = image_size(bytes);
    if (!size || !(size->first > 0) || !(size->second > 0))
        throw InputError(path, "logo", "is not a PNG, JPEG, GIF or BMP image");
    return bytes;
}

void print_setup(Sheet& sheet, std::optional<std::uint32_t> repeat_row, bool landscape = true) {
    lxw_worksheet* ws = sheet.raw();
    if (landscape)
        worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); // A4
    worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6);
    worksheet_fit_to_pages(ws, 1, 0);
    if (repeat_row)
        check(worksheet_repeat_rows(ws, *repeat_row, *repeat_row), sheet.name() + ": print titles");
    check(worksheet_set_footer(ws, "&L&8&A&R&8Page &P of &N"), sheet.name() + ": footer");
    worksheet_hide_zero(ws);
}

/// Writes a header row `height` points high; wrapped headers count their longest word for the
/// column width.
void header_row(Sheet& sheet, const Styles& st, std::uint32_t row,
                const std::vector<std::string>& headers, int first_col = 0, double height = 30) {
    check(worksheet_set_row(sheet.raw(), row, height, nullptr), sheet.name() + ": header row");
    for (std::size_t i = 0; i < headers.size(); ++i) {
        const int col = first_col + static_cast<int>(i);
        sheet.label(row, col, headers[i], st.header);
        std::size_t longest = 0, current = 0;
        for (char c : headers[i] + " ") {
            if (c == ' ') {
                longest = std::max(longest, current);
                current = 0;
            } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
                ++current;
            }
        }
        sheet.note_width(col, std::max<std::size_t>(longest + 1, 6));
    }
}

/// Lines that `text` takes when wrapped at `width` characters (words kept whole unless longer
/// than a line; line breaks kept).
std::size_t wrapped_lines(std::string_view text, std::size_t width) {
    std::size_t lines = 1, line = 0, word = 0;
    auto place = [&] {
        if (word == 0)
            return;
        if (line > 0 && line + 1 + word > width) {
            ++lines;
            line = 0;
        }
        line += (line > 0 ? 1 : 0) + word;
        while (line > width) { // a word longer than a line continues on the next
            ++lines;
            line -= width;
        }
        word = 0;
    };
    for (unsigned char c : text) {
        if (c == ' ' || c == '\n') {
            place();
            if (c == '\n') {
                ++lines;
                line = 0;
            }
        } else if ((c & 0xC0) != 0x80) {
            ++word;
        }
    }
    place();
    return lines;
}

/// The width (characters) of a column headed by a question's text: wide enough for the text
/// to wrap into about four lines, between 14 and 32 characters, and never narrower than its
/// longest word.
std::size_t question_column_width(std::string_view text) {
    std::size_t longest = 0, word = 0;
    for (unsigned char c : std::string(text) + " ") {
        if (c == ' ' || c == '\n') {
            longest = std::max(longest, word);
            word = 0;
        } else if ((c & 0xC0) != 0x80) {
            ++word;
        }
    }
    const std::size_t quarter = (text_width(text) + 3) / 4 + 2;
    return std::max(std::clamp<std::size_t>(quarter, 14, 32),
                    std::min<std::size_t>(longest + 2, 45));
}

void status_formats(Sheet& sheet, const Styles& st, std::uint32_t first, std::uint32_t last,
                    int col) {
    if (last < first)
        return;
    struct Rule {
        const char* text;
        lxw_format* format;
    };
    for (Rule r : {Rule{"above", st.good}, Rule{"near", st.near}, Rule{"below", st.bad}}) {
        lxw_conditional_format cf{};
        cf.type = LXW_CONDITIONAL_TYPE_TEXT;
        cf.criteria = LXW_CONDITIONAL_CRITERIA_TEXT_CONTAINING;
        cf.value_string = const_cast<char*>(r.text);
        cf.format = r.format;
        check(worksheet_conditional_format_range(sheet.raw(), first, static_cast<lxw_col_t>(col),
                                                 last, static_cast<lxw_col_t>(col), &cf),
              sheet.name() + ": status colours");
    }
}

std::string range(const std::string& sheet, int col, std::uint32_t first, std::uint32_t last) {
    return sheet_ref(sheet) + "!" + absolute_cell(first, col) + ":" + absolute_cell(last, col);
}

std::string row_range(const std::string& sheet, std::uint32_t row, int first, int last) {
    return sheet_ref(sheet) + "!" + absolute_cell(row, first) + ":" + absolute_cell(row, last);
}

/// A sheet's own chart: wide, at the top left, above its table.
void insert_sheet_chart(Sheet& s, lxw_chart* chart, const char* what) {
    lxw_chart_options opt{};
    opt.x_offset = 5;
    opt.y_offset = 5;
    opt.x_scale = 1.9;
    opt.y_scale = 1.3;
    check(worksheet_insert_chart_opt(s.raw(), 2, 0, chart, &opt), what);
}

/// The dashed grey "Target" line of a trend chart.
void add_target_line(lxw_chart* chart, const std::string& categories, const std::string& values) {
    auto* series = add_series(chart, categories, values);
    chart_series_set_name(series, "Target");
    lxw_chart_line line{};
    line.dash_type = LXW_CHART_LINE_DASH_DASH;
    line.color = 0x7F7F7F;
    chart_series_set_line(series, &line);
}

// ---------------------------------------------------------------------------------------------
// The model of the report: every figure, computed before anything is written.

struct SectionCol {
    std::int32_t id = -1; ///< section dictionary id
    std::string title;
};

struct QuestionCol {
    std::string id;
    std::string text;    ///< the question as the scorecard asks it; empty when it has none
    std::string section; ///< its section's title
};

struct BranchRow {
    const VisitGroup* g = nullptr;
    std::int32_t client = -1, branch = -1, region = -1;
    std::map<std::int32_t, scoring::SectionMean> sections;
    int rank = 0;
    std::uint32_t row = 0; ///< its row on Branches
};

struct EmployeeRow {
    const VisitGroup* g = nullptr;
    std::int32_t client = -1, employee = -1, branch = -1;
    std::map<std::int32_t, scoring::SectionMean> sections;
    std::optional<std::int32_t> weakest; ///< question dictionary id
    std::optional<double> weakest_pass;
};

/// One row per group keyed (client, `key`), holding the means of its section groups; returns the
/// rows indexed by (client, key).
template <typename Row>
std::map<std::pair<std::int32_t, std::int32_t>, Row*>
make_rows(std::vector<Row>& rows, const std::vector<VisitGroup>& groups,
          const std::vector<VisitGroup>& section_groups, std::int32_t Row::*key) {
    rows.reserve(groups.size());
    for (const auto& g : groups) {
        Row r;
        r.g = &g;
        r.client = g.id.keys[0];
        r.*key = g.id.keys[1];
        rows.push_back(r);
    }
    std::map<std::pair<std::int32_t, std::int32_t>, Row*> index;
    for (auto& r : rows)
        index[{r.client, r.*key}] = &r;
    for (const auto& g : section_groups)
        if (auto it = index.find({g.id.keys[0], g.id.keys[1]}); it != index.end())
            it->second->sections[g.id.item] = {g.m.n, g.m.mean.value_or(0)};
    return index;
}

struct ClientBlock {
    std::int32_t client = -1;
    std::vector<BranchRow*> branches; ///< by rank
};

/// Where one visit-sheet row's fields go.
struct VisitLayout {
    int date = 0, client = 1, region = 2, branch = 3, branch_name = 4, staff = 5, staff_name = -1;
    int scorecard = 0, version = 0, status = 0, raw = 0, score = 0, target = 0, critical = 0;
    int first_section = 0, first_question = 0, comments = 0, summary = 0, reference = 0, last = 0;
    std::vector<SectionCol> sections;       ///< weighted sections, union over scorecards
    std::vector<QuestionCol> questions;     ///< every question, union over scorecards
    std::map<std::string, int> section_col; ///< section id -> column
    std::map<std::string, int> question_col;
};

struct Names {
    std::map<std::pair<std::string, std::string>, std::string> branches;  ///< (client, code)
    std::map<std::pair<std::string, std::string>, std::string> employees; ///< (client, code)
};

class ReportWriter {
public:
    ReportWriter(const ReportInput& in, const ReportOptions& o, Progress* progress)
        : m_in(in), m_o(o), m_f(*in.facts), m_progress(progress) {}

    void write(const std::string& path) {
        compute();
        Workbook wb(path, true);
        Styles st(wb);
        m_wb = &wb;
        m_st = &st;
        start_anonymisation(wb);

        // Sheets in reading order; Visits sheets are added as they fill, Method last.
        m_summary = std::make_unique<Sheet>(wb.add_sheet("Summary"));
        m_branches = std::make_unique<Sheet>(wb.add_sheet("Branches"));
        m_employees = std::make_unique<Sheet>(wb.add_sheet("Employees"));
        m_behaviours = std::make_unique<Sheet>(wb.add_sheet("Behaviours"));
        m_trend_sheet = std::make_unique<Sheet>(wb.add_sheet("Trend"));
        if (!m_trainings.empty())
            m_training_sheet = std::make_unique<Sheet>(wb.add_sheet("Training"));

        write_visits(); // first, streaming: it also learns the names of branches and staff
        auto method = wb.add_sheet("Method");
        write_branches();
        write_employees();
        write_behaviours();
        write_trend();
        if (m_training_sheet)
            write_training();
        write_summary();
        write_method(method);
        worksheet_activate(m_summary->raw());

        wb.set_properties("Mystery shopping report — " + client_title(), "Mystery shopping results",
                          "VisitScore", "Made with VisitScore; see the Method sheet.");
        if (m_progress)
            m_progress->start("Saving the workbook", 0);
        wb.close();
        if (m_progress)
            m_progress->finish();
    }

private:
    // -- computation -------------------------------------------------------------------------

    void compute() {
        const std::size_t nb = m_f.branches.names.size();
        const std::size_t ne = m_f.employees.names.size();
        m_branch_client.assign(nb, -1);
        m_branch_region.assign(nb, -1);
        m_employee_client.assign(ne, -1);
        std::vector<std::map<std::int32_t, std::size_t>> employee_branches(ne);
        std::set<std::int32_t> used_templates;
        int first_day = 0, last_day = 0;
        for (const auto& v : m_f.visits) {
            if (v.branch >= 0) {
                m_branch_client[static_cast<std::size_t>(v.branch)] = v.client;
                m_branch_region[static_cast<std::size_t>(v.branch)] = v.region;
            }
            if (v.employee >= 0) {
                m_employee_client[static_cast<std::size_t>(v.employee)] = v.client;
                ++employee_branches[static_cast<std::size_t>(v.employee)][v.branch];
            }
            used_templates.insert(v.tmpl);
            m_clients.insert(v.client);
            if (!scoring::is_na(v.score)) {
                first_day = m_counted == 0 ? v.day : std::min(first_day, v.day);
                last_day = m_counted == 0 ? v.day : std::max(last_day, v.day);
                ++m_counted;
                ++m_template_visits[v.tmpl];
            }
        }
        if (m_counted > 0)
            m_data_range = forms::day_to_string(first_day) + " to " + forms::day_to_string(last_day);
        m_employee_branch.assign(ne, -1);
        for (std::size_t e = 0; e < ne; ++e) {
            std::size_t best = 0;
            for (const auto& [b, count] : employee_branches[e])
                if (count > best) {
                    best = count;
                    m_employee_branch[e] = b;
                }
        }

        // Scorecards in a stable order: template id, then version.
        for (std::int32_t t : used_templates)
            m_templates.push_back(t);
        std::sort(m_templates.begin(), m_templates.end(), [&](std::int32_t a, std::int32_t b) {
            const auto& ta = *m_f.templates[static_cast<std::size_t>(a)].tpl;
            const auto& tb = *m_f.templates[static_cast<std::size_t>(b)].tpl;
            return std::tie(ta.id, ta.version) < std::tie(tb.id, tb.version);
        });
        layout_visits();

        scoring::AggregateSpec spec;
        spec.min_n = m_o.min_n;
        spec.keys = {GroupKey::Client};
        m_overall = scoring::aggregate_visits(m_f, spec);
        spec.keys = {GroupKey::Client, GroupKey::Branch};
        m_branch_groups = scoring::aggregate_visits(m_f, spec);
        auto branch_sections = scoring::aggregate_sections(m_f, spec);
        spec.keys = {GroupKey::Client, GroupKey::Employee};
        m_employee_groups = scoring::aggregate_visits(m_f, spec);
        auto employee_sections = scoring::aggregate_sections(m_f, spec);
        auto employee_questions = m_f.has_questions ? scoring::aggregate_questions(m_f, spec)
                                                    : std::vector<scoring::QuestionGroup>{};
        spec.keys = {};
        m_questions = m_f.has_questions ? scoring::aggregate_questions(m_f, spec)
                                        : std::vector<scoring::QuestionGroup>{};
        spec.period = forms::Period::Month;
        spec.keys = {GroupKey::Client};
        m_client_months = scoring::aggregate_visits(m_f, spec);
        spec.keys = {GroupKey::Client, GroupKey::Branch};
        m_branch_months = scoring::aggregate_visits(m_f, spec);
        for (const auto& g : m_client_months)
            m_months.emplace(g.id.period_index, g.id.period);

        // Branch rows, ranked within their client by mean (ties share a rank).
        make_rows(m_branch_rows, m_branch_groups, branch_sections, &BranchRow::branch);
        for (BranchRow& r : m_branch_rows)
            r.region = r.branch >= 0 ? m_branch_region[static_cast<std::size_t>(r.branch)] : -1;
        std::sort(m_branch_rows.begin(), m_branch_rows.end(), [](const BranchRow& a, const BranchRow& b) {
            if (a.client != b.client)
                return a.client < b.client;
            return a.g->m.mean.value_or(-1) > b.g->m.mean.value_or(-1);
        });
        int position = 0;
        for (std::size_t i = 0; i < m_branch_rows.size(); ++i) {
            BranchRow& r = m_branch_rows[i];
            const BranchRow* prev = i > 0 ? &m_branch_rows[i - 1] : nullptr;
            position = prev && prev->client == r.client ? position + 1 : 1;
            r.rank = prev && prev->client == r.client && prev->g->m.mean == r.g->m.mean ? prev->rank
                                                                                       : position;
        }

        // Employee rows: by client, home branch, then mean.
        auto employee_index = make_rows(m_employee_rows, m_employee_groups, employee_sections,
                                        &EmployeeRow::employee);
        for (EmployeeRow& r : m_employee_rows)
            r.branch = r.employee >= 0 ? m_employee_branch[static_cast<std::size_t>(r.employee)] : -1;
        for (const auto& q : employee_questions) {
            auto it = employee_index.find({q.id.keys[0], q.id.keys[1]});
            if (it == employee_index.end() || !q.pass_rate || q.n < m_o.min_n)
                continue;
            EmployeeRow& r = *it->second;
            if (!r.weakest_pass || *q.pass_rate < *r.weakest_pass) {
                r.weakest_pass = q.pass_rate;
                r.weakest = q.id.item;
            }
        }
        std::sort(m_employee_rows.begin(), m_employee_rows.end(),
                  [&](const EmployeeRow& a, const EmployeeRow& b) {
                      if (a.client != b.client)
                          return a.client < b.client;
                      if ((a.employee < 0) != (b.employee < 0))
                          return b.employee < 0; // "not identified" last
                      const std::string& ba = a.branch >= 0 ? m_f.branches[a.branch] : m_empty;
                      const std::string& bb = b.branch >= 0 ? m_f.branches[b.branch] : m_empty;
                      if (ba != bb)
                          return ba < bb;
                      return a.g->m.mean.value_or(-1) > b.g->m.mean.value_or(-1);
                  });

        // Behaviours: weakest first; low samples after the rest.
        std::sort(m_questions.begin(), m_questions.end(),
                  [&](const scoring::QuestionGroup& a, const scoring::QuestionGroup& b) {
                      const bool la = a.n < m_o.min_n, lb = b.n < m_o.min_n;
                      if (la != lb)
                          return lb;
                      return std::make_tuple(a.pass_rate.value_or(2), a.mean_f.value_or(2), a.id.item) <
                             std::make_tuple(b.pass_rate.value_or(2), b.mean_f.value_or(2), b.id.item);
                  });
        // The question behind each dictionary id (first scorecard that has it).
        for (std::int32_t t : m_templates) {
            const auto& ref = m_f.templates[static_cast<std::size_t>(t)];
            for (std::size_t q = 0; q < ref.question_ids.size(); ++q) {
                auto [it, fresh] = m_question_info.emplace(ref.question_ids[q], QuestionInfo{});
                if (fresh) {
                    it->second.q = &ref.tpl->questions[q];
                    it->second.section =
                        ref.tpl->sections[static_cast<std::size_t>(ref.tpl->questions[q].section)].title;
                }
                if (it->second.scorecards.find(ref.tpl->id) == std::string::npos)
                    it->second.scorecards += (it->second.scorecards.empty() ? "" : ", ") + ref.tpl->id;
            }
        }

        // Trainings of the report's clients.
        for (const auto& t : m_in.trainings) {
            auto day = forms::parse_day(t.date);
            if (!day)
                continue;
            auto c = std::find(m_f.clients.names.begin(), m_f.clients.names.end(), t.client);
            if (c == m_f.clients.names.end() ||
                !m_clients.count(static_cast<std::int32_t>(c - m_f.clients.names.begin())))
                continue;
            m_trainings.push_back(&t);
        }
    }

    void layout_visits() {
        VisitLayout& L = m_layout;
        int c = 5;
        L.staff = c++;
        if (!m_o.pseudonymise_staff)
            L.staff_name = c++;
        L.scorecard = c++;
        L.version = c++;
        L.status = c++;
        L.raw = c++;
        L.score = c++;
        L.target = c++;
        L.critical = c++;
        L.first_section = c;
        std::set<std::string> seen_q;
        for (std::int32_t t : m_templates) {
            const auto& ref = m_f.templates[static_cast<std::size_t>(t)];
            for (std::size_t s = 0; s < ref.tpl->sections.size(); ++s) {
                const auto& sec = ref.tpl->sections[s];
                if (sec.weight <= 0 || L.section_col.count(sec.id))
                    continue;
                L.section_col[sec.id] = c++;
                L.sections.push_back({ref.section_ids[s], sec.title});
            }
        }
        L.first_question = c;
        // A worksheet has 16,384 columns: after the visit's fields and sections, the questions
        // take what is left but the three last columns (comments, summary, reference). Answers
        // to the questions that do not fit are left out of the Visits sheet, and the Summary
        // and Method sheets name them (their figures stay on Behaviours).
        const int room = kMaxColumns - c - 3;
        if (room < 0)
            throw ExportError("the scorecards have more weighted sections than a worksheet has "
                              "columns (16,384); the workbook cannot show them");
        for (std::int32_t t : m_templates) {
            const auto& tpl = *m_f.templates[static_cast<std::size_t>(t)].tpl;
            for (const auto& q : tpl.questions) {
                if (!seen_q.insert(q.id).second)
                    continue;
                if (c - L.first_question >= room) {
                    m_left_out.push_back(q.id);
                    continue;
                }
                L.question_col[q.id] = c++;
                L.questions.push_back(
                    {q.id, q.text, tpl.sections[static_cast<std::size_t>(q.section)].title});
            }
        }
        L.comments = c++;
        L.summary = c++;
        L.reference = c;
        L.last = c;
        // Every section title that a weighted section of any report scorecard has.
        for (std::int32_t t : m_templates) {
            const auto& ref = m_f.templates[static_cast<std::size_t>(t)];
            for (std::size_t s = 0; s < ref.tpl->sections.size(); ++s)
                m_section_titles.emplace(ref.section_ids[s], ref.tpl->sections[s].title);
        }
    }

    // -- anonymity ---------------------------------------------------------------------------

    /// True when staff pseudonyms use a key made for this report only (none was given).
    bool one_off_key() const { return m_o.pseudonymise_staff && m_o.pseudonym_key.empty(); }

    /// Every string of the workbook goes through the redactor: shoppers' codes (all known now)
    /// and, with pseudonymised staff, staff codes become "[shopper]" or their pseudonym; names
    /// are added as the visits stream (learn_people), before their visit's row is written.
    void start_anonymisation(Workbook& wb) {
        if (one_off_key()) {
            std::random_device device;
            for (int i = 0; i < 4; ++i) {
                char hex[9];
                std::snprintf(hex, sizeof hex, "%08x", device());
                m_pseudonym_key += hex;
            }
        } else {
            m_pseudonym_key = m_o.pseudonym_key;
        }
        for (const auto& code : m_f.shoppers.names)
            m_redact.add(code, "[shopper]");
        if (m_o.pseudonymise_staff) {
            std::set<std::pair<std::int32_t, std::int32_t>> staff;
            for (const auto& v : m_f.visits)
                if (v.employee >= 0)
                    staff.emplace(v.client, v.employee);
            for (const auto& [client, employee] : staff)
                m_redact.add(m_f.employees[employee],
                             staff_label(m_f.clients[client], m_f.employees[employee]));
        }
        wb.set_text_filter([this](std::string_view text) { return m_redact.apply(text); });
    }

    // -- names -------------------------------------------------------------------------------

    std::string client_title() const {
        if (!m_o.client.empty())
            return m_o.client;
        std::string s;
        for (std::int32_t c : m_clients)
            s += (s.empty() ? "" : ", ") + m_f.clients[c];
        return s.empty() ? "no visits" : s;
    }

    std::string period_text() const {
        std::string from = m_o.from_day ? forms::day_to_string(*m_o.from_day) : "";
        std::string to = m_o.to_day ? forms::day_to_string(*m_o.to_day) : "";
        if (!from.empty() || !to.empty())
            return (from.empty() ? "the start" : from) + " to " + (to.empty() ? "the end" : to);
        return m_data_range.empty() ? "all dates" : m_data_range;
    }

    const std::string& branch_name(std::int32_t branch) const {
        auto it = m_names.branches.find({m_f.clients[m_branch_client[static_cast<std::size_t>(branch)]],
                                         m_f.branches[branch]});
        return it == m_names.branches.end() ? m_empty : it->second;
    }

    std::string staff_label(const std::string& client, const std::string& code) const {
        if (code.empty())
            return {};
        return m_o.pseudonymise_staff ? staff_pseudonym(m_pseudonym_key, client, code) : code;
    }

    // -- Visits ------------------------------------------------------------------------------

    Sheet& visit_sheet(std::size_t index) {
        while (m_visit_sheets.size() <= index) {
            const std::string name = m_visit_sheets.empty()
                                         ? "Visits"
                                         : "Visits (" + std::to_string(m_visit_sheets.size() + 1) + ")";
            m_visit_sheets.push_back(std::make_unique<Sheet>(m_wb->add_sheet(name)));
            m_visit_rows.push_back(0);
            Sheet& s = *m_visit_sheets.back();
            const std::uint32_t capacity = m_o.max_rows_per_sheet - 1;
            const std::size_t remaining = m_f.visits.size() > index * capacity
                                              ? m_f.visits.size() - index * capacity
                                              : 0;
            const auto rows = static_cast<std::uint32_t>(std::min<std::size_t>(remaining, capacity));
            // constant_memory: the autofilter must come before the rows it covers.
            check(worksheet_autofilter(s.raw(), 0, 0, std::max<std::uint32_t>(rows, 1),
                                       static_cast<lxw_col_t>(m_layout.last)),
                  name + ": autofilter");
            worksheet_freeze_panes(s.raw(), 1, 4);
            print_setup(s, 0);
            visit_header(s);
        }
        return *m_visit_sheets[index];
    }

    void visit_header(Sheet& s) {
        const VisitLayout& L = m_layout;
        std::vector<std::string> h(static_cast<std::size_t>(L.last) + 1);
        h[L.date] = "Visited";
        h[L.client] = "Client";
        h[L.region] = "Region";
        h[L.branch] = "Branch";
        h[L.branch_name] = "Branch name";
        h[L.staff] = m_o.pseudonymise_staff ? "Staff (pseudonym)" : "Staff";
        if (L.staff_name >= 0)
            h[L.staff_name] = "Staff name";
        h[L.scorecard] = "Scorecard";
        h[L.version] = "Version";
        h[L.status] = "Status";
        h[L.raw] = "Raw";
        h[L.score] = "Score";
        h[L.target] = "Target";
        h[L.critical] = "Critical failures";
        for (std::size_t i = 0; i < L.sections.size(); ++i)
            h[static_cast<std::size_t>(L.first_section) + i] = L.sections[i].title;
        h[L.comments] = "Comments";
        h[L.summary] = "Summary";
        h[L.reference] = "Visit reference";
        // Answer columns are headed by the question's text (its id when it has none), wrapped;
        // the id is in the heading's note. A text that heads another column too (the same
        // question worded alike on two scorecards, a question called "Summary") is followed by
        // its id, so that every heading names one column.
        std::map<std::string, int> uses;
        for (const std::string& text : h)
            ++uses[text];
        for (const auto& q : L.questions)
            ++uses[q.text.empty() ? q.id : q.text];
        double height = 30;
        for (std::size_t i = 0; i < L.questions.size(); ++i) {
            const QuestionCol& q = L.questions[i];
            std::string heading = q.text.empty() ? q.id : q.text;
            if (!q.text.empty() && uses[heading] > 1)
                heading += " (" + q.id + ")";
            const int col = L.first_question + static_cast<int>(i);
            h[static_cast<std::size_t>(col)] = heading;
            if (q.text.empty())
                continue;
            const std::size_t width = question_column_width(heading);
            s.note_width(col, width);
            // Bold 10-point lines are about 13 points apart; six lines at most, the rest of a
            // very long text is in the cell.
            const auto lines =
                std::min<std::size_t>(wrapped_lines(m_wb->safe(heading), width - 2), 6);
            height = std::max(height, 13.0 * static_cast<double>(lines) + 5);
        }
        header_row(s, *m_st, 0, h, 0, height);
        for (std::size_t i = 0; i < L.questions.size(); ++i) {
            const QuestionCol& q = L.questions[i];
            if (!q.text.empty())
                s.note(0, L.first_question + static_cast<int>(i),
                       "Question id: " + q.id + "\nSection: " + q.section);
        }
    }

    struct TemplateColumns {
        const forms::Template* tpl = nullptr;
        double target = 80;
        std::vector<int> section_cols;               ///< per template section, -1 when unweighted
        std::vector<std::pair<int, const forms::Question*>> questions;
    };

    const TemplateColumns& template_columns(const std::string& id, int version) {
        auto key = std::make_pair(id, version);
        if (auto it = m_template_cols.find(key); it != m_template_cols.end())
            return it->second;
        TemplateColumns tc;
        for (std::int32_t t : m_templates) {
            const auto& tpl = *m_f.templates[static_cast<std::size_t>(t)].tpl;
            if (tpl.id == id && tpl.version == version)
                tc.tpl = &tpl;
        }
        if (!tc.tpl)
            throw ExportError("the visits to export and the figures disagree: scorecard " + id +
                              " version " + std::to_string(version) +
                              " has no figures (did the data change during the export?)");
        tc.target = tc.tpl->target;
        for (const auto& s : tc.tpl->sections) {
            auto it = m_layout.section_col.find(s.id);
            tc.section_cols.push_back(s.weight > 0 && it != m_layout.section_col.end() ? it->second : -1);
        }
        for (const auto& q : tc.tpl->questions)
            if (auto col = m_layout.question_col.find(q.id); col != m_layout.question_col.end())
                tc.questions.emplace_back(col->second, &q);
        return m_template_cols.emplace(key, std::move(tc)).first->second;
    }

    void write_answer(Sheet& s, std::uint32_t row, int col, const forms::Question& q,
                      const nlohmann::json& v) {
        const Styles& st = *m_st;
        if (v.is_number()) {
            s.number(row, col, v.get<double>(), nullptr, 4);
            return;
        }
        auto label = [&](const std::string& id) -> std::string {
            int o = q.find_option(id);
            if (o >= 0 && !q.options[static_cast<std::size_t>(o)].label.empty())
                return q.options[static_cast<std::size_t>(o)].label;
            return id;
        };
        if (v.is_string()) {
            const std::string& text = v.get_ref<const std::string&>();
            if (q.type == forms::QuestionType::Choice && text != "na")
                s.text(row, col, label(text), st.text);
            else
                s.text(row, col, text, st.text);
            return;
        }
        if (v.is_array()) {
            std::string joined;
            for (const auto& item : v)
                if (item.is_string())
                    joined += (joined.empty() ? "" : "; ") + label(item.get<std::string>());
            s.text(row, col, joined.empty() ? "(none)" : joined, st.text);
        }
    }

    /// Makes the visit's shopper (and, pseudonymised, its staff) known to the anonymisation
    /// before anything of the visit is written.
    void learn_people(const VisitRecord& v) {
        m_redact.add(v.shopper_name, "[shopper]");
        m_redact.add(v.shopper, "[shopper]");
        if (m_o.pseudonymise_staff && !v.employee.empty()) {
            const std::string p = staff_label(v.client, v.employee);
            m_redact.add(v.employee_name, p);
            m_redact.add(v.employee, p);
        }
    }

    void write_visits() {
        if (m_progress)
            m_progress->start("Writing visits", m_f.visits.size());
        const VisitLayout& L = m_layout;
        const Styles& st = *m_st;
        const std::uint32_t capacity = m_o.max_rows_per_sheet - 1;
        std::size_t done = 0;
        visit_sheet(0);
        m_in.visits([&](const VisitRecord& v) {
            learn_people(v);
            const std::size_t index = done / capacity;
            Sheet& s = visit_sheet(index);
            const auto row = static_cast<std::uint32_t>(done % capacity) + 1;
            m_visit_rows[index] = row;
            ++done;

            m_names.branches.emplace(std::make_pair(v.client, v.branch), v.branch_name);
            if (!v.employee.empty())
                m_names.employees.emplace(std::make_pair(v.client, v.employee), v.employee_name);
            if (v.score)
                ++m_stream_counts[{v.client, v.branch}];

            const TemplateColumns& tc = template_columns(v.template_id, v.template_version);
            s.datetime(row, L.date, excel_datetime(v.day, v.visited_at), st.datetime);
            s.text(row, L.client, v.client, st.text);
            s.text(row, L.region, v.region, st.text);
            s.text(row, L.branch, v.branch, st.text);
            s.text(row, L.branch_name, v.branch_name, st.text);
            s.text(row, L.staff, staff_label(v.client, v.employee), st.text);
            if (L.staff_name >= 0)
                s.text(row, L.staff_name, v.employee_name, st.text);
            s.text(row, L.scorecard, v.template_id, st.text);
            s.number(row, L.version, v.template_version, st.integer, 3);
            s.text(row, L.status, forms::to_string(v.status), st.text);
            s.number(row, L.raw, v.raw, st.score, 5);
            s.number(row, L.score, v.score, st.score, 5);
            s.number(row, L.target, tc.target, st.score, 5);
            std::string critical;
            for (const auto& c : v.critical_failures)
                critical += (critical.empty() ? "" : ", ") + c;
            s.text(row, L.critical, critical, st.text);
            for (std::size_t i = 0; i < tc.section_cols.size() && i < v.section_scores.size(); ++i)
                if (tc.section_cols[i] >= 0)
                    s.number(row, tc.section_cols[i], v.section_scores[i], st.score, 5);
            for (const auto& [col, q] : tc.questions)
                if (auto it = v.answers.find(q->id); it != v.answers.end())
                    write_answer(s, row, col, *q, *it);
            std::string comments;
            for (const auto& [question, text] : v.comments)
                comments += (comments.empty() ? "" : " | ") + question + ": " + text;
            s.text(row, L.comments, comments, st.text);
            s.text(row, L.summary, v.summary, st.text);
            s.text(row, L.reference, v.uuid, st.text);
            if (m_progress && done % 1024 == 0 && !m_progress->update(done))
                throw Cancelled{};
        });
        if (m_progress)
            m_progress->finish();
        for (std::size_t i = 0; i < m_visit_sheets.size(); ++i) {
            Sheet& s = *m_visit_sheets[i];
            s.set_column(L.date, L.date, 16);
            s.fit_columns(5, 45);
            // On paper, the visit header and scores; every answer stays on screen.
            const int last = L.sections.empty() ? L.critical : L.first_section + static_cast<int>(L.sections.size()) - 1;
            check(worksheet_print_area(s.raw(), 0, 0, std::max<std::uint32_t>(m_visit_rows[i], 1),
                                       static_cast<lxw_col_t>(last)),
                  s.name() + ": print area");
        }
        // The visits written must be the visits counted.
        std::map<std::pair<std::string, std::string>, std::size_t> counted;
        for (const auto& r : m_branch_rows)
            counted[{m_f.clients[r.client], m_f.branches[r.branch]}] = r.g->m.n;
        if (counted != m_stream_counts)
            throw ExportError("the visits to export and the figures disagree (did the data change "
                              "during the export?); export again");
    }

    /// COUNTIFS-style formulas over every Visits sheet.
    struct VisitRange {
        std::string sheet;
        std::uint32_t last = 0; ///< last data row (0-based)
    };
    std::vector<VisitRange> visit_ranges() const {
        std::vector<VisitRange> out;
        for (std::size_t i = 0; i < m_visit_sheets.size(); ++i)
            if (m_visit_rows[i] > 0)
                out.push_back({m_visit_sheets[i]->name(), m_visit_rows[i]});
        return out;
    }

    /// The Visits (n) and Mean score formulas of a Branches row. Codes are compared with EXACT,
    /// never with COUNTIFS/SUMIFS/AVERAGEIFS/MATCH or "=": those ignore case and read "007" as
    /// the number 7, so that Excel's recalculation on open (the workbook asks for it) would
    /// merge branches "ab01" and "AB01", or "007" and "7", that the cached values keep apart.
    std::pair<std::string, std::string> branch_formulas(std::uint32_t row) const {
        const VisitLayout& L = m_layout;
        const std::string client_cell = "$A" + std::to_string(row + 1);
        const std::string branch_cell = "$B" + std::to_string(row + 1);
        const std::string n_cell = "$E" + std::to_string(row + 1);
        std::string n, sum;
        for (const auto& r : visit_ranges()) {
            const std::string c = range(r.sheet, L.client, 1, r.last);
            const std::string b = range(r.sheet, L.branch, 1, r.last);
            const std::string sc = range(r.sheet, L.score, 1, r.last);
            if (!n.empty()) {
                n += "+";
                sum += "+";
            }
            const std::string match = "EXACT(" + c + "," + client_cell + ")*EXACT(" + b + "," +
                                      branch_cell + ")*ISNUMBER(" + sc + ")";
            n += "SUMPRODUCT(" + match + ")";
            sum += "SUMPRODUCT(" + match + "," + sc + ")";
        }
        if (n.empty())
            return {"0", "0"};
        return {n, "IF(" + n_cell + ">0,(" + sum + ")/" + n_cell + ",\"\")"};
    }

    // -- Branches ----------------------------------------------------------------------------

    static constexpr std::uint32_t kHeaderRow = 3;

    void table_top(Sheet& s, const std::string& title, const std::string& note) {
        check(worksheet_set_row(s.raw(), 0, 26, nullptr), s.name());
        s.text(0, 0, title, m_st->title);
        s.text(1, 0, client_title() + " · " + period_text() + (note.empty() ? "" : " · " + note),
               m_st->note);
    }

    void write_branches() {
        Sheet& s = *m_branches;
        const Styles& st = *m_st;
        const VisitLayout& L = m_layout;
        std::vector<std::string> h = {"Client", "Branch", "Branch name", "Region", "Visits (n)",
                                      "Mean score", "95% CI low", "95% CI high", "Pass rate",
                                      "Critical-fail rate"};
        for (const auto& sec : L.sections)
            h.push_back(sec.title);
        const int c_consistency = static_cast<int>(h.size());
        h.insert(h.end(), {"Consistency (sd of staff means)", "Trend (points / month)", "Rank",
                           "Target", "Status", "Sample"});
        const int last_col = static_cast<int>(h.size()) - 1;
        const auto n_rows = static_cast<std::uint32_t>(m_branch_rows.size());
        table_top(s, "Branches",
                  "n and mean are formulas over the Visits sheet; grey italic rows have fewer than " +
                      std::to_string(m_o.min_n) + " visits");
        check(worksheet_autofilter(s.raw(), kHeaderRow, 0, kHeaderRow + std::max(n_rows, 1u),
                                   static_cast<lxw_col_t>(last_col)),
              "Branches: autofilter");
        header_row(s, st, kHeaderRow, h);
        std::uint32_t row = kHeaderRow + 1;
        for (auto& r : m_branch_rows) {
            const auto& m = r.g->m;
            const bool low = m.low_sample;
            lxw_format* t = low ? st.text_low : st.text;
            lxw_format* sc = low ? st.score_low : st.score;
            lxw_format* pc = low ? st.pct_low : st.pct;
            r.row = row;
            const std::string& client = m_f.clients[r.client];
            const std::string& code = m_f.branches[r.branch];
            s.text(row, 0, client, t);
            s.text(row, 1, code, t);
            s.text(row, 2, branch_name(r.branch), t);
            s.text(row, 3, r.region >= 0 ? m_f.regions[r.region] : "", t);
            auto [n_formula, mean_formula] = branch_formulas(row);
            s.formula(row, 4, n_formula, static_cast<double>(m.n), low ? st.integer_low : st.integer);
            s.formula(row, 5, mean_formula, m.mean, sc); // "" when no visit has a score
            s.number(row, 6, m.ci95 ? std::optional<double>(m.ci95->lo) : std::nullopt, sc);
            s.number(row, 7, m.ci95 ? std::optional<double>(m.ci95->hi) : std::nullopt, sc);
            s.number(row, 8, m.pass_rate, pc);
            s.number(row, 9, m.critical_fail_rate, pc);
            int c = 10;
            for (const auto& sec : L.sections) {
                auto it = r.sections.find(sec.id);
                s.number(row, c++, it == r.sections.end() ? std::nullopt
                                                          : std::optional<double>(it->second.mean),
                         sc);
            }
            s.number(row, c_consistency, r.g->consistency, sc);
            s.number(row, c_consistency + 1, r.g->trend, low ? st.trend_low : st.trend);
            s.number(row, c_consistency + 2, static_cast<double>(r.rank), low ? st.integer_low : st.integer, 4);
            s.number(row, c_consistency + 3, m.target, sc);
            s.text(row, c_consistency + 4, m.status ? std::string(scoring::to_string(*m.status)) : "", t);
            s.text(row, c_consistency + 5, low ? "low sample" : "", t);
            ++row;
        }
        status_formats(s, st, kHeaderRow + 1, row - 1, c_consistency + 4);
        worksheet_freeze_panes(s.raw(), kHeaderRow + 1, 3);
        print_setup(s, kHeaderRow);
        s.fit_columns(6, 40);
        m_branch_cols = {c_consistency};
    }

    // -- Employees ---------------------------------------------------------------------------

    void write_employees() {
        Sheet& s = *m_employees;
        const Styles& st = *m_st;
        const VisitLayout& L = m_layout;
        const bool names = !m_o.pseudonymise_staff;
        std::vector<std::string> h = {"Client", m_o.pseudonymise_staff ? "Staff (pseudonym)" : "Staff"};
        if (names)
            h.push_back("Name");
        const int c_branch = static_cast<int>(h.size());
        h.insert(h.end(), {"Branch", "Visits (n)", "Mean score", "95% CI low", "95% CI high",
                           "Low sample"});
        const int c_sections = static_cast<int>(h.size());
        for (const auto& sec : L.sections)
            h.push_back(sec.title);
        const int c_weakest = static_cast<int>(h.size());
        h.insert(h.end(), {"Weakest behaviour", "Its pass rate", "Trend (points / month)"});
        const auto n_rows = static_cast<std::uint32_t>(m_employee_rows.size());
        table_top(s, "Staff",
                  std::string(m_o.pseudonymise_staff ? "staff shown as stable pseudonyms; " : "") +
                      "section means use the sections attributed to each person");
        check(worksheet_autofilter(s.raw(), kHeaderRow, 0, kHeaderRow + std::max(n_rows, 1u),
                                   static_cast<lxw_col_t>(h.size() - 1)),
              "Employees: autofilter");
        header_row(s, st, kHeaderRow, h);
        std::uint32_t row = kHeaderRow + 1;
        for (const auto& r : m_employee_rows) {
            const auto& m = r.g->m;
            const bool low = m.low_sample;
            lxw_format* t = low ? st.text_low : st.text;
            lxw_format* sc = low ? st.score_low : st.score;
            const std::string& client = m_f.clients[r.client];
            s.text(row, 0, client, t);
            if (r.employee < 0) {
                s.text(row, 1, "(no staff member identified)", t);
            } else {
                const std::string& code = m_f.employees[r.employee];
                s.text(row, 1, staff_label(client, code), t);
                if (names) {
                    auto it = m_names.employees.find({client, code});
                    s.text(row, 2, it == m_names.employees.end() ? "" : it->second, t);
                }
            }
            if (r.branch >= 0)
                s.text(row, c_branch, m_f.branches[r.branch] + " " + branch_name(r.branch), t);
            s.number(row, c_branch + 1, static_cast<double>(m.n), low ? st.integer_low : st.integer);
            s.number(row, c_branch + 2, m.mean, sc);
            s.number(row, c_branch + 3, m.ci95 ? std::optional<double>(m.ci95->lo) : std::nullopt, sc);
            s.number(row, c_branch + 4, m.ci95 ? std::optional<double>(m.ci95->hi) : std::nullopt, sc);
            s.text(row, c_branch + 5, low ? "low sample" : "", t);
            int c = c_sections;
            for (const auto& sec : L.sections) {
                auto it = r.sections.find(sec.id);
                s.number(row, c++, it == r.sections.end() ? std::nullopt
                                                          : std::optional<double>(it->second.mean),
                         sc);
            }
            if (r.weakest) {
                const auto info = m_question_info.find(*r.weakest);
                s.text(row, c_weakest,
                       info != m_question_info.end() && !info->second.q->text.empty()
                           ? info->second.q->text
                           : m_f.question_ids[*r.weakest],
                       t);
            }
            s.number(row, c_weakest + 1, r.weakest_pass, low ? st.pct_low : st.pct);
            s.number(row, c_weakest + 2, r.g->trend, low ? st.trend_low : st.trend);
            ++row;
        }
        worksheet_freeze_panes(s.raw(), kHeaderRow + 1, names ? 3 : 2);
        print_setup(s, kHeaderRow);
        s.fit_columns(6, 50);
    }

    // -- Behaviours --------------------------------------------------------------------------

    struct QuestionInfo {
        const forms::Question* q = nullptr;
        std::string section;
        std::string scorecards;
    };

    void write_behaviours() {
        Sheet& s = *m_behaviours;
        const Styles& st = *m_st;
        const std::vector<std::string> h = {"Behaviour (question)", "Section", "Scorecard",
                                            "Question id", "Answers (n)", "Pass rate",
                                            "95% CI low", "95% CI high", "Mean fraction",
                                            "NA rate"};
        const std::size_t n = m_questions.size();
        const std::size_t worst = std::min<std::size_t>(10, n);
        // The chart of the worst ten sits above the table.
        const std::uint32_t header = worst > 0 ? 22 : kHeaderRow;
        table_top(s, "Behaviours",
                  "weakest first, by pass rate; answers not applicable (NA) are left out of pass "
                  "rates");
        check(worksheet_autofilter(s.raw(), header, 0,
                                   header + std::max<std::uint32_t>(static_cast<std::uint32_t>(n), 1),
                                   static_cast<lxw_col_t>(h.size() - 1)),
              "Behaviours: autofilter");
        header_row(s, st, header, h);
        std::uint32_t row = header + 1;
        for (const auto& g : m_questions) {
            const bool low = g.n < m_o.min_n;
            lxw_format* t = low ? st.text_low : st.text;
            lxw_format* pc = low ? st.pct_low : st.pct;
            auto info = m_question_info.find(g.id.item);
            const std::string& id = m_f.question_ids[g.id.item];
            const bool known = info != m_question_info.end();
            s.text(row, 0, known && !info->second.q->text.empty() ? info->second.q->text : id, t);
            s.text(row, 1, known ? info->second.section : "", t);
            s.text(row, 2, known ? info->second.scorecards : "", t);
            s.text(row, 3, id, t);
            s.number(row, 4, static_cast<double>(g.n), low ? st.integer_low : st.integer);
            s.number(row, 5, g.pass_rate, pc);
            s.number(row, 6, g.pass_ci95 ? std::optional<double>(g.pass_ci95->lo) : std::nullopt, pc);
            s.number(row, 7, g.pass_ci95 ? std::optional<double>(g.pass_ci95->hi) : std::nullopt, pc);
            s.number(row, 8, g.mean_f, pc);
            s.number(row, 9, g.na_rate, pc);
            ++row;
        }
        if (worst > 0) {
            lxw_chart* chart = m_wb->add_chart(LXW_CHART_BAR);
            auto* series = add_series(chart, range(s.name(), 0, header + 1, header + static_cast<std::uint32_t>(worst)),
                                      range(s.name(), 5, header + 1, header + static_cast<std::uint32_t>(worst)));
            m_wb->series_name(series, "Pass rate");
            lxw_chart_fill fill{};
            fill.color = 0xC0504D;
            chart_series_set_fill(series, &fill);
            chart_series_set_labels(series);
            chart_series_set_labels_num_format(series, "0%");
            m_wb->chart_title(chart, "The ten weakest behaviours (pass rate)");
            chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
            chart_axis_set_reverse(chart->y_axis);
            chart_axis_set_min(chart->x_axis, 0);
            chart_axis_set_max(chart->x_axis, 1);
            chart_axis_set_num_format(chart->x_axis, "0%");
            chart_set_series_gap(chart, 60);
            insert_sheet_chart(s, chart, "Behaviours: chart");
        }
        worksheet_freeze_panes(s.raw(), header + 1, 1);
        print_setup(s, header);
        s.fit_columns(6, 70);
    }

    // -- Trend -------------------------------------------------------------------------------

    void write_trend() {
        Sheet& s = *m_trend_sheet;
        const Styles& st = *m_st;
        std::vector<int> months;
        for (const auto& [index, key] : m_months)
            months.push_back(index);
        std::vector<std::string> h = {"Client", "Branch", "Branch name"};
        for (const auto& [index, key] : m_months)
            h.push_back(key);
        h.push_back("Trend (points / month)");
        const int first_month = 3;
        const int last_month = first_month + static_cast<int>(months.size()) - 1;
        std::map<int, int> month_col;
        for (std::size_t i = 0; i < months.size(); ++i)
            month_col[months[i]] = first_month + static_cast<int>(i);
        std::map<std::pair<std::int32_t, std::int32_t>, std::map<int, double>> cells;
        for (const auto& g : m_branch_months)
            cells[{g.id.keys[0], g.id.keys[1]}][g.id.period_index] = g.m.mean.value_or(0);
        std::map<std::int32_t, std::map<int, double>> client_cells;
        for (const auto& g : m_client_months)
            client_cells[g.id.keys[0]][g.id.period_index] = g.m.mean.value_or(0);

        const bool chart = !months.empty();
        const std::uint32_t header = chart ? 22 : kHeaderRow;
        table_top(s, "Trend", "monthly mean score per branch");
        const std::size_t rows = m_clients.size() * 2 + m_branch_rows.size();
        check(worksheet_autofilter(s.raw(), header, 0, header + static_cast<std::uint32_t>(std::max<std::size_t>(rows, 1)),
                                   static_cast<lxw_col_t>(h.size() - 1)),
              "Trend: autofilter");
        header_row(s, st, header, h);
        std::uint32_t row = header + 1;
        std::map<std::int32_t, std::uint32_t> all_row, target_row;
        std::vector<std::pair<std::uint32_t, std::string>> chart_rows;
        for (std::int32_t client : m_clients) {
            const std::string& cname = m_f.clients[client];
            // All branches, then the target, then each branch in rank order.
            s.text(row, 0, cname, st.bold_text);
            s.text(row, 1, "All", st.bold_text);
            s.text(row, 2, "All branches", st.bold_text);
            for (const auto& [index, mean] : client_cells[client])
                s.number(row, month_col[index], mean, st.score);
            const VisitGroup* overall = nullptr;
            for (const auto& g : m_overall)
                if (g.id.keys[0] == client)
                    overall = &g;
            s.number(row, last_month + 1, overall ? overall->trend : std::nullopt, st.trend);
            all_row[client] = row++;
            s.text(row, 0, cname, st.note);
            s.text(row, 1, "Target", st.note);
            s.text(row, 2, "Target", st.note);
            for (int c = first_month; c <= last_month; ++c)
                s.number(row, c, overall ? overall->m.target : std::nullopt, st.score);
            target_row[client] = row++;
            for (const auto& r : m_branch_rows) {
                if (r.client != client)
                    continue;
                lxw_format* t = r.g->m.low_sample ? st.text_low : st.text;
                s.text(row, 0, cname, t);
                s.text(row, 1, m_f.branches[r.branch], t);
                s.text(row, 2, branch_name(r.branch), t);
                for (const auto& [index, mean] : cells[{r.client, r.branch}])
                    s.number(row, month_col[index], mean, r.g->m.low_sample ? st.score_low : st.score);
                s.number(row, last_month + 1, r.g->trend, r.g->m.low_sample ? st.trend_low : st.trend);
                if (m_clients.size() == 1 && (r.rank == 1 || &r == last_branch_of(client)))
                    chart_rows.emplace_back(row, (r.rank == 1 ? "Best: " : "Weakest: ") + branch_name(r.branch));
                ++row;
            }
        }
        m_trend_all_row = all_row;
        m_trend_target_row = target_row;
        m_trend_first_month = first_month;
        m_trend_last_month = last_month;
        m_trend_header = header;
        if (chart) {
            lxw_chart* c = m_wb->add_chart(LXW_CHART_LINE);
            const std::string cats = row_range(s.name(), header, first_month, last_month);
            for (std::int32_t client : m_clients) {
                auto* series = add_series(c, cats, row_range(s.name(), all_row[client], first_month, last_month));
                std::string name = m_clients.size() == 1 ? "All branches" : m_f.clients[client];
                m_wb->series_name(series, name);
                lxw_chart_line line{};
                line.width = 2.5;
                chart_series_set_line(series, &line);
                chart_series_set_marker_type(series, LXW_CHART_MARKER_CIRCLE);
            }
            for (const auto& [r, name] : chart_rows) {
                auto* series = add_series(c, cats, row_range(s.name(), r, first_month, last_month));
                m_wb->series_name(series, name);
            }
            if (m_clients.size() == 1)
                add_target_line(c, cats, row_range(s.name(), target_row.begin()->second, first_month,
                                                   last_month));
            m_wb->chart_title(c, "Monthly mean score");
            chart_legend_set_position(c, LXW_CHART_LEGEND_BOTTOM);
            chart_axis_set_name(c->y_axis, "Mean score");
            chart_axis_set_num_format(c->y_axis, "0");
            insert_sheet_chart(s, c, "Trend: chart");
        }
        worksheet_freeze_panes(s.raw(), header + 1, 3);
        print_setup(s, header);
        s.fit_columns(6, 40);
    }

    const BranchRow* last_branch_of(std::int32_t client) const {
        const BranchRow* last = nullptr;
        for (const auto& r : m_branch_rows)
            if (r.client == client)
                last = &r;
        return last;
    }

    // -- Training ----------------------------------------------------------------------------

    scoring::TrainingEffect effect_of(const ReportTraining& t, int day) const {
        scoring::TrainingSpec spec =
            scoring::training_spec(m_f, t.id, day, t.client, t.employees, t.sections);
        return scoring::training_effect(m_f, spec, m_o.training_window);
    }

    void write_training() {
        Sheet& s = *m_training_sheet;
        const Styles& st = *m_st;
        const std::vector<std::string> h = {
            "Training", "Title", "Date", "Client", "Measured on", "Trained staff",
            "Trained: before (n)", "Trained: before (mean)", "Trained: after (n)",
            "Trained: after (mean)", "Effect (points)", "p (Welch)", "Cohen's d",
            "Control: before (n)", "Control: before (mean)", "Control: after (n)",
            "Control: after (mean)", "Control effect", "Difference in differences",
            "DiD 95% CI low", "DiD 95% CI high"};
        table_top(s, "Training",
                  "approved visits " + std::to_string(m_o.training_window) +
                      " days before and after each training; control: the client's other staff");
        check(worksheet_autofilter(s.raw(), kHeaderRow, 0,
                                   kHeaderRow + static_cast<std::uint32_t>(m_trainings.size()),
                                   static_cast<lxw_col_t>(h.size() - 1)),
              "Training: autofilter");
        header_row(s, st, kHeaderRow, h);
        std::uint32_t row = kHeaderRow + 1;
        for (const ReportTraining* t : m_trainings) {
            const int day = forms::parse_day(t->date).value_or(0);
            scoring::TrainingEffect e = effect_of(*t, day);
            std::string measured;
            for (const auto& sec : t->sections) {
                std::string title = sec;
                for (const auto& [id, ttl] : m_section_titles)
                    if (m_f.section_ids[id] == sec)
                        title = ttl;
                measured += (measured.empty() ? "" : ", ") + title;
            }
            s.text(row, 0, t->id, st.text);
            s.text(row, 1, t->title, st.text);
            s.text(row, 2, t->date, st.text);
            s.text(row, 3, t->client, st.text);
            s.text(row, 4, measured.empty() ? "Visit score" : measured, st.text);
            s.number(row, 5, static_cast<double>(t->employees.size()), st.integer);
            auto cell = [&](int col, const scoring::Cell& c) {
                s.number(row, col, static_cast<double>(c.n), st.integer);
                s.number(row, col + 1, c.mean, st.score);
            };
            cell(6, e.trained.pre);
            cell(8, e.trained.post);
            s.number(row, 10, e.trained.effect, st.trend);
            s.number(row, 11, e.trained.p, st.p);
            s.number(row, 12, e.trained.d, st.d);
            cell(13, e.control.pre);
            cell(15, e.control.post);
            s.number(row, 17, e.control.effect, st.trend);
            s.number(row, 18, e.did, st.trend);
            s.number(row, 19, e.did_ci95 ? std::optional<double>(e.did_ci95->lo) : std::nullopt, st.trend);
            s.number(row, 20, e.did_ci95 ? std::optional<double>(e.did_ci95->hi) : std::nullopt, st.trend);
            ++row;
        }
        worksheet_freeze_panes(s.raw(), kHeaderRow + 1, 1);
        print_setup(s, kHeaderRow);
        s.fit_columns(6, 40);
    }

    // -- Summary -----------------------------------------------------------------------------

    void write_summary() {
        Sheet& s = *m_summary;
        const Styles& st = *m_st;
        s.set_column(0, 0, 30);
        s.set_column(1, 5, 13);
        s.set_column(6, 6, 4);
        s.set_column(7, 12, 13);
        check(worksheet_set_row(s.raw(), 0, 30, nullptr), "Summary");
        s.text(0, 0, "Mystery shopping report", st.title);
        s.text(1, 0, client_title(), st.subtitle);
        std::uint32_t row = 3;
        auto info = [&](const std::string& label, const std::string& value) {
            s.text(row, 0, label, st.label);
            s.text(row, 1, value, st.text);
            ++row;
        };
        info("Period", period_text());
        if (!m_data_range.empty() && (m_o.from_day || m_o.to_day))
            info("Visits dated", m_data_range);
        s.text(row, 0, "Visits counted", st.label);
        s.number(row, 1, static_cast<double>(m_counted), st.integer);
        s.text(row, 2, "approved visits with a score", st.note);
        ++row;
        bool first = true;
        for (std::int32_t t : m_templates) {
            const auto& tpl = *m_f.templates[static_cast<std::size_t>(t)].tpl;
            auto it = m_template_visits.find(t);
            info(first ? "Scorecards" : "",
                 tpl.name + " (" + tpl.id + " v" + std::to_string(tpl.version) + "): " +
                     thousands(it == m_template_visits.end() ? 0 : it->second) + " visits");
            first = false;
        }
        info("Generated", generated_at());
        if (!m_left_out.empty()) {
            s.text(row, 0, "Left out", st.label);
            s.text(row, 1, left_out_text(), st.bold_text);
            ++row;
        }
        ++row;

        // Headline figures, one block per client.
        for (std::int32_t client : m_clients) {
            const VisitGroup* g = nullptr;
            for (const auto& o : m_overall)
                if (o.id.keys[0] == client)
                    g = &o;
            if (!g)
                continue;
            const auto& m = g->m;
            if (m_clients.size() > 1) {
                s.text(row, 0, m_f.clients[client], st.subtitle);
                ++row;
            }
            header_row(s, st, row, {"Headline", "Value", "95% CI low", "95% CI high", "Target", "Status"});
            ++row;
            s.text(row, 0, "Mean score", st.bold_text);
            s.number(row, 1, m.mean, st.big_score);
            s.number(row, 2, m.ci95 ? std::optional<double>(m.ci95->lo) : std::nullopt, st.score);
            s.number(row, 3, m.ci95 ? std::optional<double>(m.ci95->hi) : std::nullopt, st.score);
            s.number(row, 4, m.target, st.score);
            s.text(row, 5, m.status ? std::string(scoring::to_string(*m.status)) : "", st.text);
            status_formats(s, st, row, row, 5);
            ++row;
            s.text(row, 0, "Pass rate (visits at or above target)", st.bold_text);
            s.number(row, 1, m.pass_rate, st.big_pct);
            s.number(row, 2, m.pass_ci95 ? std::optional<double>(m.pass_ci95->lo) : std::nullopt, st.pct);
            s.number(row, 3, m.pass_ci95 ? std::optional<double>(m.pass_ci95->hi) : std::nullopt, st.pct);
            ++row;
            s.text(row, 0, "Critical-fail rate", st.bold_text);
            s.number(row, 1, m.critical_fail_rate, st.big_pct);
            ++row;
            s.text(row, 0, "Net Promoter Score", st.bold_text);
            if (g->nps.nps) {
                s.number(row, 1, *g->nps.nps, st.big_score);
                s.text(row, 2, thousands(g->nps.n) + " ratings: " + thousands(g->nps.promoters) +
                                   " promoters, " + thousands(g->nps.detractors) + " detractors",
                       st.note);
            } else {
                s.text(row, 1, "no ratings", st.note);
            }
            ++row;
            s.text(row, 0, "Visits", st.bold_text);
            s.number(row, 1, static_cast<double>(m.n), st.integer);
            ++row;
            s.text(row, 0, "Trend (points / month)", st.bold_text);
            s.number(row, 1, g->trend, st.trend);
            ++row;
            ++row;
        }
        if (one_off_key()) {
            s.text(row, 0, kOneOffKeyNote, st.bold_text);
            ++row;
        } else if (m_o.pseudonymise_staff) {
            s.text(row, 0, "Staff appear as stable pseudonyms (\"Staff …\").", st.note);
            ++row;
        }
        s.text(row, 0, "Shoppers are never named in this report. How the figures are made: see Method.",
               st.note);
        row += 2;

        // Charts: the monthly trend, then each client's branch ranking.
        const std::uint32_t chart_row = row;
        if (!m_months.empty()) {
            lxw_chart* c = m_wb->add_chart(LXW_CHART_LINE);
            const std::string trend = m_trend_sheet->name();
            const std::string cats = row_range(trend, m_trend_header, m_trend_first_month, m_trend_last_month);
            for (std::int32_t client : m_clients) {
                auto* series = add_series(c, cats, row_range(trend, m_trend_all_row[client], m_trend_first_month, m_trend_last_month));
                const std::string name = m_clients.size() == 1 ? "Mean score" : m_f.clients[client];
                m_wb->series_name(series, name);
                lxw_chart_line line{};
                line.width = 2.5;
                line.color = m_clients.size() == 1 ? kBlue : LXW_COLOR_UNSET;
                chart_series_set_line(series, &line);
                chart_series_set_marker_type(series, LXW_CHART_MARKER_CIRCLE);
            }
            if (m_clients.size() == 1)
                add_target_line(c, cats, row_range(trend, m_trend_target_row.begin()->second,
                                                   m_trend_first_month, m_trend_last_month));
            m_wb->chart_title(c, "Monthly trend");
            chart_legend_set_position(c, LXW_CHART_LEGEND_BOTTOM);
            chart_axis_set_num_format(c->y_axis, "0");
            lxw_chart_options opt{};
            opt.x_scale = 1.45;
            opt.y_scale = 1.2;
            check(worksheet_insert_chart_opt(s.raw(), chart_row, 0, c, &opt), "Summary: trend chart");
        }
        std::uint32_t rank_row = chart_row;
        for (std::int32_t client : m_clients) {
            std::vector<const BranchRow*> rows;
            for (const auto& r : m_branch_rows)
                if (r.client == client)
                    rows.push_back(&r);
            if (rows.empty())
                continue;
            lxw_chart* c = m_wb->add_chart(LXW_CHART_BAR);
            const std::string b = m_branches->name();
            auto* series = add_series(c, range(b, 2, rows.front()->row, rows.back()->row),
                                      range(b, 5, rows.front()->row, rows.back()->row));
            m_wb->series_name(series, "Mean score");
            lxw_chart_fill fill{};
            fill.color = kBlue;
            chart_series_set_fill(series, &fill);
            chart_series_set_labels(series);
            chart_series_set_labels_num_format(series, "0.0");
            lxw_chart_font small{};
            small.size = 7;
            chart_series_set_labels_font(series, &small);
            const std::string title = "Branch ranking (mean score)" +
                                      (m_clients.size() > 1 ? " — " + m_f.clients[client] : "");
            m_wb->chart_title(c, title);
            chart_legend_set_position(c, LXW_CHART_LEGEND_NONE);
            chart_axis_set_reverse(c->y_axis);
            chart_axis_set_num_font(c->y_axis, &small);
            chart_axis_set_min(c->x_axis, 0);
            chart_axis_set_max(c->x_axis, 100);
            chart_set_series_gap(c, 40);
            lxw_chart_options opt{};
            opt.x_scale = 1.45;
            // About 16 px a branch, at least the standard height (288 px).
            const double height = std::max(288.0, 70.0 + 16.0 * static_cast<double>(rows.size()));
            opt.y_scale = height / 288.0;
            check(worksheet_insert_chart_opt(s.raw(), rank_row, 7, c, &opt), "Summary: ranking chart");
            rank_row += static_cast<std::uint32_t>(height / 20.0) + 2;
        }

        if (!m_o.logo.empty()) {
            lxw_image_options opt{};
            opt.x_offset = 4;
            opt.y_offset = 2;
            if (auto size = image_size(read_logo(m_o.logo)); size && size->second > 0) {
                const double scale = std::min(56.0 / size->second, 220.0 / size->first);
                opt.x_scale = opt.y_scale = std::min(1.0, scale);
            }
            s.image(0, 4, m_o.logo, opt, "Logo");
        }
        print_setup(s, std::nullopt);
        worksheet_set_zoom(s.raw(), 100);
    }

    /// What the Visits sheet leaves out of a scorecard wider than a worksheet.
    std::string left_out_text() const {
        std::string s = "The scorecards have " + thousands(m_layout.questions.size() + m_left_out.size()) +
                        " questions, more than a worksheet has columns (16,384): the Visits sheet "
                        "shows the answers to the first " + thousands(m_layout.questions.size()) +
                        " and leaves out the answers to the other " + thousands(m_left_out.size()) +
                        " (" + m_left_out.front();
        if (m_left_out.size() > 1)
            s += " to " + m_left_out.back();
        return s + "). Their pass rates are on Behaviours; export csv has every answer.";
    }

    std::string generated_at() const {
        return m_o.generated_at.empty() ? now_utc() : m_o.generated_at;
    }

    // -- Method ------------------------------------------------------------------------------

    void write_method(Sheet& s) {
        const Styles& st = *m_st;
        s.set_column(0, 0, 26);
        s.set_column(1, 1, 110, st.wrap);
        s.text(0, 0, "How the numbers are made", st.title);
        s.text(1, 0, client_title() + " · " + period_text(), st.note);
        std::uint32_t row = 3;
        auto para = [&](const std::string& topic, const std::string& text) {
            // Viewers do not grow rows for wrapped text in streamed sheets: size them here
            // (about 120 characters a line at this width).
            const double lines = std::ceil(static_cast<double>(text_width(text)) / 120.0);
            check(worksheet_set_row(s.raw(), row, 14.0 * std::max(1.0, lines) + 2, nullptr),
                  "Method");
            s.text(row, 0, topic, st.label);
            s.text(row, 1, text, st.wrap);
            ++row;
        };
        const std::string min_n = std::to_string(m_o.min_n);
        para("Data", "Approved visits of " + client_title() + " dated " + period_text() + ": " +
                         thousands(m_counted) +
                         " visits with a score. Visits that are drafts, submitted but not yet "
                         "approved, returned or excluded are not counted.");
        para("Made", generated_at() + " by VisitScore.");
        para("Question scores",
             "Each scored answer gives a fraction from 0 to 1: yes/no questions 1 for the expected "
             "answer, scales in proportion, choices and checklists by the points of the options "
             "chosen, numbers by bands. A question passes when its fraction reaches its pass mark "
             "(1 unless the scorecard says otherwise).");
        para("Not applicable (NA)",
             "An answer \"not applicable\" and a question hidden by an earlier answer count as if "
             "the question did not exist: they add to neither the points earned nor the points "
             "possible. A section with nothing applicable is left out of the visit score. The NA "
             "rate on Behaviours is NA answers divided by the times the question was shown.");
        para("Section and visit scores",
             "Section score = 100 × points earned / points possible. Visit score = the "
             "weighted mean of its applicable sections' scores, with the section weights of the "
             "scorecard. Sections with weight 0 describe the visit and carry no score.");
        para("Critical questions",
             "Failing a question marked critical sets its section's score to 0 (section-level) or "
             "the whole visit's score to 0 (visit-level). Raw shows the visit without criticals "
             "applied; Score (with them) is the reported result. The critical-fail rate is the "
             "share of visits with at least one critical failure.");
        para("Means and intervals",
             "Every visit weighs the same: a branch is the mean of its visits, not of its staff. "
             "95% confidence intervals of means use Student's t with n − 1 degrees of freedom; "
             "intervals of rates (pass rates) are Wilson score intervals. Fewer than two visits "
             "give no interval.");
        para("Targets and status",
             "Each visit is compared with its own scorecard's target. Pass rate = share of visits "
             "at or above their target. Status: above when the mean reaches the target, near when "
             "it is within 5 points below it, otherwise below.");
        para("Minimum sample",
             "Groups with fewer than " + min_n +
                 " visits are marked \"low sample\" and shown in grey italics: their figures are "
                 "too uncertain to rank or judge on their own.");
        para("Consistency and trend",
             "Consistency = standard deviation of the mean scores of a branch's staff who have at "
             "least " + min_n + " visits (needs two such people); lower means service depends "
             "less on who is on shift. Trend = least-squares slope of the monthly means, in score "
             "points per month (needs three months with visits).");
        para("Staff",
             "A visit's score belongs to its primary staff member; section means on Staff use every "
             "section attributed to the person. The weakest behaviour is the question with the "
             "lowest pass rate among those answered at least " + min_n + " times." +
                 (one_off_key() ? " " + std::string(kOneOffKeyNote)
                 : m_o.pseudonymise_staff
                     ? std::string(" Staff are shown as stable pseudonyms: the same person gets "
                                   "the same pseudonym in every report made with the same secret "
                                   "key, and it cannot be turned back into a name without the key.")
                     : std::string()));
        para("Visits sheet",
             "One row per visit. Each answer column is headed by the question as the scorecard "
             "asks it; the question's id (as on Behaviours and in export csv) and its section "
             "are in the heading's note. A question worded like another heading is followed by "
             "its id.");
        if (!m_left_out.empty())
            para("Questions left out", left_out_text());
        para("Net Promoter Score",
             "From 0–10 ratings: 100 × (promoters 9–10 − detractors 0–6) / ratings.");
        para("Training effect",
             "For each training: the trained staff's visits in the " +
                 std::to_string(m_o.training_window) + " days before and after the training date, "
                 "compared with the client's other staff over the same days (control). Effect = "
                 "after − before; p from Welch's t-test; Cohen's d with the pooled standard "
                 "deviation; difference in differences = trained effect − control effect with a "
                 "normal 95% interval. Only visits inside the report's period are used.");
        para("Checking the figures",
             "On Branches, Visits (n) and Mean score are formulas over the Visits sheets, whose "
             "Score column holds each visit's reported score: select a cell to see how it is "
             "made. They compare client and branch codes with EXACT, so that codes differing "
             "only in case or leading zeros (\"AB01\" and \"ab01\", \"007\" and \"7\") stay "
             "apart, and the workbook is recalculated when it is opened.");
        para("Privacy",
             "Shoppers are never named or coded in this workbook; mentions of the shopper in "
             "comments are replaced by [shopper]. Comments and answers are shown as text exactly as "
             "typed; nothing typed is ever run as a formula.");
        print_setup(s, std::nullopt, false);
    }

    // -- state -------------------------------------------------------------------------------

    const ReportInput& m_in;
    const ReportOptions& m_o;
    const FactTable& m_f;
    Progress* m_progress;
    Workbook* m_wb = nullptr;
    const Styles* m_st = nullptr;
    const std::string m_empty;

    std::set<std::int32_t> m_clients;
    std::size_t m_counted = 0;
    std::map<std::int32_t, std::size_t> m_template_visits;
    std::string m_data_range;
    std::vector<std::int32_t> m_templates;
    std::vector<std::int32_t> m_branch_client, m_branch_region, m_employee_client, m_employee_branch;
    VisitLayout m_layout;
    std::map<std::int32_t, std::string> m_section_titles;
    std::vector<VisitGroup> m_overall, m_branch_groups, m_employee_groups, m_client_months,
        m_branch_months;
    std::vector<scoring::QuestionGroup> m_questions;
    std::map<int, std::string> m_months;
    std::vector<BranchRow> m_branch_rows;
    std::vector<EmployeeRow> m_employee_rows;
    std::map<std::int32_t, QuestionInfo> m_question_info;
    std::vector<const ReportTraining*> m_trainings;
    std::vector<int> m_branch_cols;

    std::unique_ptr<Sheet> m_summary, m_branches, m_employees, m_behaviours, m_trend_sheet,
        m_training_sheet;
    std::vector<std::unique_ptr<Sheet>> m_visit_sheets;
    std::vector<std::uint32_t> m_visit_rows; ///< last data row written on each Visits sheet
    std::map<std::pair<std::string, int>, TemplateColumns> m_template_cols;
    Names m_names;
    std::map<std::pair<std::string, std::string>, std::size_t> m_stream_counts;
    std::vector<std::string> m_left_out; ///< question ids with no column on Visits
    Redactor m_redact; ///< every string of the workbook goes through it (Workbook::safe)
    std::string m_pseudonym_key;  ///< options' key, or a random one for this report only
    std::map<std::int32_t, std::uint32_t> m_trend_all_row, m_trend_target_row;
    int m_trend_first_month = 0, m_trend_last_month = 0;
    std::uint32_t m_trend_header = 0;
};

} // namespace

void write_client_report(const std::string& path, const ReportInput& input,
                         const ReportOptions& options, Progress* progress) {
    if (!input.facts)
        throw ExportError("write_client_report: no figures given");
    if (options.max_rows_per_sheet < 2 || options.max_rows_per_sheet > 1048576)
        throw ExportError("write_client_report: rows per sheet must be 2 to 1,048,576");
    if (!options.logo.empty())
        read_logo(options.logo); // before any file is made
    OutputFile file(path);
    ReportWriter(input, options, progress).write(file.temp_path());
    file.commit();
}

} // namespace vs::exports
