#pragma once
// The SQLite backend of every storage role (store.h): one file, WAL (for the app copied back
// into the file on a thread of its own), foreign keys, a busy timeout, every multi-row write one
// IMMEDIATE transaction.

#include "storage/store.h"

#include <SQLiteCpp/Database.h>
#include <map>
#include <memory>
#include <unordered_map>

namespace vs::storage {

class BackgroundCheckpointer;
class SqliteScoreBatch;
class PrivateCopy;

class SqliteStore final : public Store {
  public:
    /// Opens or creates `path` (created readable by its owner only) and migrates it;
    /// `checkpoints` says who copies the WAL back into the file (store.h).
    explicit SqliteStore(const std::string& path, Checkpoints checkpoints = Checkpoints::Inline,
                         OpenMode mode = OpenMode::Create);
    ~SqliteStore() override;
    SqliteStore(const SqliteStore&) = delete;
    SqliteStore& operator=(const SqliteStore&) = delete;

    // TemplateStore (sqlite_store.cpp)
    bool add_template(const forms::Template& tpl, const std::string& file) override;
    std::vector<bool>
    add_templates(const std::vector<std::pair<forms::Template, std::string>>& templates) override;
    std::vector<TemplateInfo> templates() override;
    std::vector<std::pair<std::string, int>> template_versions() override;
    std::shared_ptr<const forms::Template> find_template(const std::string& id,
                                                         int version) override;
    std::shared_ptr<const forms::Template> latest_template(const std::string& id) override;

    // VisitStore (import: sqlite_store.cpp; the rest: sqlite_app.cpp)
    ImportReport import_visits(const std::vector<forms::Visit>& visits, const std::string& file,
                               Progress* progress = nullptr) override;
    ImportReport import_visit_stream(const forms::VisitSource& source, std::size_t total,
                                     const std::string& file,
                                     Progress* progress = nullptr) override;
    std::unique_ptr<VisitImportBatch> visit_import_batch() override;
    std::vector<std::int64_t> visit_ids(const VisitListQuery& query) override;
    StoredVisit load_visit(std::int64_t id) override;
    std::optional<std::int64_t> visit_id_of(const std::string& uuid) override;
    std::int64_t create_draft(const forms::Visit& header) override;
    void save_draft(std::int64_t id, const forms::Visit& visit) override;
    void record_status(std::int64_t id, forms::Status from, forms::Status to,
                       const std::string& who, const std::string& note,
                       const std::string& reason) override;
    void apply_edit(std::int64_t id, const forms::Visit& visit, const std::string& updated_at,
                    const std::vector<AuditChange>& entries) override;

    // AttachmentStore (sqlite_app.cpp)
    std::int64_t add_attachment(std::int64_t visit_id, const std::string& question,
                                const std::string& name, const std::string& mime,
                                const std::vector<unsigned char>& data,
                                const std::vector<unsigned char>& thumbnail,
                                const std::string& captured_at = {}) override;
    std::vector<AttachmentInfo> attachments(std::int64_t visit_id) override;
    std::vector<unsigned char> attachment_data(std::int64_t attachment_id) override;
    void remove_attachment(std::int64_t attachment_id) override;
    std::vector<std::pair<std::string, std::int64_t>>
    visits_with_sha256(const std::vector<std::string>& hashes) override;

    // OrganisationStore (sqlite_app.cpp)
    std::vector<OrgEntity> org_list(OrgKind kind, const std::optional<std::int64_t>& client_id,
                                    bool include_inactive, bool count_visits = true) override;
    std::int64_t org_save(const OrgEntity& entity) override;
    void org_set_active(OrgKind kind, std::int64_t id, bool active) override;
    std::size_t org_import(OrgKind kind, const std::vector<OrgImportRow>& rows) override;

    // AuditStore (sqlite_app.cpp; the chain: sqlite_purge.cpp)
    std::vector<AuditEntry> audit_log(std::int64_t visit_id) override;
    std::vector<AuditRow> audit_entries(const AuditQuery& query) override;
    std::string submitter(std::int64_t visit_id) override;
    AuditCheck verify_audit(const std::string& recorded_head) override;

    // FactStore (sqlite_store.cpp; details: sqlite_exports.cpp; views: sqlite_views.cpp)
    void visit_scores(const VisitFilter& filter,
                      const std::function<void(const VisitScoreRow&)>& row) override;
    scoring::FactTable load_facts(const VisitFilter& filter, bool with_questions,
                                  bool with_attributions = true) override;
    DataVersion data_version() override;
    void visit_details(const VisitFilter& filter,
                       const std::function<void(const VisitDetail&)>& row) override;
    void add_trainings(const std::vector<Training>& trainings, const std::string& file) override;
    std::vector<Training> trainings(const std::optional<std::string>& client) override;
    std::vector<scoring::CalibrationVisit> calibration_visits(const VisitFilter& filter) override;
    std::vector<ClientActivity> client_activity(const VisitFilter& filter) override;
    std::vector<QuestionComment> employee_comments(const VisitFilter& filter,
                                                   const std::string& employee) override;
    // (the integrity signals' reads: sqlite_integrity.cpp)
    std::vector<ScoreSums> approved_score_sums(const std::string& client) override;
    RecentVisits recent_approved_visits(const RecentVisitsQuery& query) override;
    std::vector<EvidenceVisit> evidence_visits(const std::vector<std::int64_t>& ids) override;

    // SettingsStore (sqlite_app.cpp)
    std::string setting(const std::string& key, const std::string& fallback) override;
    std::map<std::string, std::string> settings(const std::vector<std::string>& keys) override;
    void set_setting(const std::string& key, const std::string& value) override;
    void set_settings(const std::vector<std::pair<std::string, std::string>>& values) override;
    std::string pseudonym_key() override;
    bool read_only() const override { return m_read_only; }

    // MaintenanceStore (backup: sqlite_app.cpp; purge: sqlite_store.cpp; rescore:
    // sqlite_rescore.cpp)
    void backup(const std::string& path) override;
    PurgeReport purge_personal_data(int before_day, const std::string& who) override;
    std::vector<std::int64_t> visits_scored_before(int rules) override;
    StoredScores stored_scores(std::int64_t id) override;
    std::unique_ptr<ScoreBatch> rescore_batch() override;

    // AssignmentStore (sqlite_assignments.cpp)
    void put_assignments(const std::vector<Assignment>& items, const std::string& who) override;
    std::vector<Assignment> assignments(const AssignmentFilter& filter) override;
    std::optional<Assignment> assignment(const std::string& uuid) override;
    std::string assignment_changed_by(const std::string& uuid) override;
    void set_assignment_status(const std::string& uuid, const std::string& status,
                               const std::string& expected_updated_at,
                               const std::string& who) override;
    void mark_assignment_visited(const std::string& uuid, const std::string& visit_uuid,
                                 const std::string& who) override;
    std::vector<std::pair<std::string, std::string>>
    shopper_exclusions(const std::string& client) override;
    void set_shopper_exclusion(const std::string& client, const std::string& shopper,
                               const std::string& branch, bool excluded,
                               const std::string& reason) override;
    void set_shopper_region(const std::string& client, const std::string& shopper,
                            const std::string& region) override;

    // NotificationStore (sqlite_notifications.cpp)
    bool add_notification(const NewNotification& notification) override;
    std::vector<Notification> notifications(const NotificationFilter& filter) override;
    void set_notification_read(std::int64_t id, bool read) override;
    std::vector<OutboxMail> outbox(const std::string& due_at) override;
    bool claim_mail(std::int64_t id, const std::string& seen_next_try,
                    const std::string& lease_until) override;
    void mark_mail_sent(std::int64_t id, const std::string& at) override;
    void mark_mail_failed(std::int64_t id, const std::string& error,
                          const std::string& next_try) override;
    std::vector<AlertRecipient> alert_recipients(const std::string& client) override;
    void set_alert_recipients(const std::string& client, const std::string& branch,
                              const std::vector<std::string>& addresses) override;

    // DisputeStore (sqlite_disputes.cpp)
    std::int64_t add_dispute(const NewDispute& dispute, const std::string& who) override;
    std::vector<Dispute> disputes(const DisputeFilter& filter) override;
    std::optional<Dispute> dispute(std::int64_t id) override;
    std::vector<unsigned char> dispute_evidence(std::int64_t id) override;
    void decide_dispute(std::int64_t id, const DisputeDecision& decision,
                        const DisputeEdit* edit) override;
    std::string released_at(const std::string& visit_uuid) override;
    std::string approver(const std::string& visit_uuid) override;
    std::vector<ReleasedVisit> released_visits(const std::string& client) override;

    // ActionPlanStore (sqlite_action_plans.cpp)
    std::int64_t add_action_plan(const ActionPlan& plan, const std::string& who) override;
    std::vector<ActionPlan> action_plans(const ActionPlanFilter& filter) override;
    std::optional<ActionPlan> action_plan(std::int64_t id) override;
    std::int64_t update_action_plan(const ActionPlan& plan, const std::string& who,
                                    const std::string& reason) override;

  protected:
    std::vector<VisitListRow> read_visit_rows(const std::vector<std::int64_t>& ids) override;

  public:
    /// Puts SQLite's own WAL checkpoint back on this connection, every `pages` pages (0: never),
    /// in place of the store's checkpoint hook: the autosave benchmark's peer and diagnosis.
    void set_wal_autocheckpoint(int pages);
    /// How many connections the last load_facts read on: 2 when it split a large read in two.
    int fact_readers() const { return m_fact_readers; }

  private:
    friend class SqliteScoreBatch;  // appends audit entries (sqlite_rescore.cpp)
    friend class SqliteImportBatch; // sqlite_import_batch.cpp
    /// import_visit_stream's work inside the caller's transaction (sqlite_store.cpp).
    ImportReport write_visit_stream(const forms::VisitSource& source, std::size_t total,
                                    const std::string& file, Progress* progress);
    struct TemplateRow {
        std::int64_t pk = 0;
        std::shared_ptr<const forms::Template> tpl;
    };
    void load_templates();
    const TemplateRow* template_row(const std::string& id, int version);
    const TemplateRow* template_by_pk(std::int64_t pk);
    // Evaluator app helpers (sqlite_app.cpp).
    void write_visit(std::int64_t id, const forms::Visit& visit, const forms::Template& tpl,
                     std::int64_t template_pk);
    void append_audit(std::int64_t visit_id, const std::string& who, const std::string& action,
                      const std::string& field, const std::string& old_value,
                      const std::string& new_value, const std::string& reason,
                      const std::string& assignment_uuid = {});
    /// Takes `names` out of every action plan's owner, note and actions inside the caller's
    /// transaction, adding one to the version of each plan changed (sqlite_action_plans.cpp).
    void redact_action_plans(const std::vector<std::string>& names);
    /// The audit subjects ("plan:<id>") of the plans whose entries since their last purge entry
    /// hold one of `names` in a value or a reason (sqlite_action_plans.cpp).
    std::vector<std::string> plan_subjects_naming(const std::vector<std::string>& names);
    /// An assignment's audit entry (no visit), inside the caller's transaction.
    void append_assignment_audit(const std::string& uuid, const AuditChange& change);
    /// Marks an assignment visited by a visit, with its audit entry, inside the caller's
    /// transaction; nothing when it already is, by that visit. InputError (naming `what`) for
    /// an unknown assignment.
    void mark_visited(const std::string& uuid, const std::string& visit_uuid,
                      const std::string& who, const std::string& what);

    const std::string m_path;
    const bool m_read_only;
    /// ReadOnly on a folder that may not be written, with a WAL left behind: the copy read
    /// instead, removed after m_db closes (declared first, destroyed last).
    std::unique_ptr<PrivateCopy> m_copy;
    SQLite::Database m_db;
    std::unique_ptr<BackgroundCheckpointer> m_checkpointer; ///< Checkpoints::Background in WAL mode
    std::map<std::pair<std::string, int>, TemplateRow> m_templates;
    bool m_templates_loaded = false;
    int m_fact_readers = 0;
};

} // namespace vs::storage
