#pragma once
// The PostgreSQL backend of every storage role (store.h): one server database that a
// consultancy's whole team shares. Each person connects under their own server account, so
// that the server's roles and row-level security (pg_server.h) decide what they may read and
// write; this class holds SQL and nothing else. Every value is bound, every multi-row write is
// one transaction, imports stream through COPY. One connection per store, used by one thread.
//
// Parts: pg_store.cpp (connecting, opening, settings), pg_templates.cpp, pg_visits.cpp (list,
// load, drafts, status, edits), pg_import.cpp (COPY), pg_attachments.cpp, pg_organisation.cpp,
// pg_audit.cpp, pg_facts.cpp, pg_maintenance.cpp; shared helpers in pg_common.h.

#include "storage/store.h"

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <utility>

namespace vs::storage {

class PgScoreBatch;

class PgStore final : public Store {
  public:
    /// Connects to `uri` (any libpq connection string or URI; passwords come from libpq's own
    /// sources: ~/.pgpass, PGPASSWORD, PGPASSFILE) and, unless `mode` is ReadOnly, migrates the
    /// schema. StorageError naming the server when it cannot connect; InputError when `mode`
    /// wants an existing VisitScore database and there is none.
    PgStore(const std::string& uri, OpenMode mode);
    ~PgStore() override;
    PgStore(const PgStore&) = delete;
    PgStore& operator=(const PgStore&) = delete;

    // TemplateStore (pg_templates.cpp)
    bool add_template(const forms::Template& tpl, const std::string& file) override;
    std::vector<bool>
    add_templates(const std::vector<std::pair<forms::Template, std::string>>& templates) override;
    std::vector<TemplateInfo> templates() override;
    std::vector<std::pair<std::string, int>> template_versions() override;
    std::shared_ptr<const forms::Template> find_template(const std::string& id,
                                                         int version) override;
    std::shared_ptr<const forms::Template> latest_template(const std::string& id) override;

    // VisitStore (imports: pg_import.cpp; the rest: pg_visits.cpp)
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

    // AttachmentStore (pg_attachments.cpp)
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

    // OrganisationStore (pg_organisation.cpp)
    std::vector<OrgEntity> org_list(OrgKind kind, const std::optional<std::int64_t>& client_id,
                                    bool include_inactive, bool count_visits = true) override;
    std::int64_t org_save(const OrgEntity& entity) override;
    void org_set_active(OrgKind kind, std::int64_t id, bool active) override;
    std::size_t org_import(OrgKind kind, const std::vector<OrgImportRow>& rows) override;

    // AuditStore (pg_audit.cpp)
    std::vector<AuditEntry> audit_log(std::int64_t visit_id) override;
    std::vector<AuditRow> audit_entries(const AuditQuery& query) override;
    std::string submitter(std::int64_t visit_id) override;
    AuditCheck verify_audit(const std::string& recorded_head) override;

    // FactStore (pg_facts.cpp)
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
    // (the integrity signals' reads: pg_integrity.cpp)
    std::vector<ScoreSums> approved_score_sums(const std::string& client) override;
    RecentVisits recent_approved_visits(const RecentVisitsQuery& query) override;
    std::vector<EvidenceVisit> evidence_visits(const std::vector<std::int64_t>& ids) override;

    // SettingsStore (pg_store.cpp)
    std::string setting(const std::string& key, const std::string& fallback) override;
    std::map<std::string, std::string> settings(const std::vector<std::string>& keys) override;
    void set_setting(const std::string& key, const std::string& value) override;
    void set_settings(const std::vector<std::pair<std::string, std::string>>& values) override;
    std::string pseudonym_key() override;
    bool read_only() const override { return m_read_only; }

    // MaintenanceStore (pg_maintenance.cpp)
    void backup(const std::string& path) override;
    PurgeReport purge_personal_data(int before_day, const std::string& who) override;
    std::vector<std::int64_t> visits_scored_before(int rules) override;
    StoredScores stored_scores(std::int64_t id) override;
    std::unique_ptr<ScoreBatch> rescore_batch() override;

    // AssignmentStore (pg_assignments.cpp)
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

    // NotificationStore (pg_notifications.cpp)
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

    // DisputeStore (pg_disputes.cpp)
    std::int64_t add_dispute(const NewDispute& dispute, const std::string& who) override;
    std::vector<Dispute> disputes(const DisputeFilter& filter) override;
    std::optional<Dispute> dispute(std::int64_t id) override;
    std::vector<unsigned char> dispute_evidence(std::int64_t id) override;
    void decide_dispute(std::int64_t id, const DisputeDecision& decision,
                        const DisputeEdit* edit) override;
    std::string released_at(const std::string& visit_uuid) override;
    std::string approver(const std::string& visit_uuid) override;
    std::vector<ReleasedVisit> released_visits(const std::string& client) override;

    // ActionPlanStore (pg_action_plans.cpp)
    std::int64_t add_action_plan(const ActionPlan& plan, const std::string& who) override;
    std::vector<ActionPlan> action_plans(const ActionPlanFilter& filter) override;
    std::optional<ActionPlan> action_plan(std::int64_t id) override;
    std::int64_t update_action_plan(const ActionPlan& plan, const std::string& who,
                                    const std::string& reason) override;

    /// The connection, for the server's own work (pg_server.h) and the parts of this backend.
    pqxx::connection& connection() { return *m_conn; }
    /// The connection string the store was opened with.
    const std::string& uri() const { return m_uri; }
    /// The server account this store is connected as (session_user).
    const std::string& account() const { return m_account; }

  protected:
    std::vector<VisitListRow> read_visit_rows(const std::vector<std::int64_t>& ids) override;

  private:
    friend class PgScoreBatch;
    friend class PgImportBatch; // pg_assignments.cpp
    /// import_visit_stream's work inside the caller's transaction (pg_import.cpp).
    ImportReport write_visit_stream(pqxx::work& tx, const forms::VisitSource& source,
                                    std::size_t total, const std::string& file, Progress* progress);
    /// Locks visit `id`, checks that its row version is still `updated_at` (StorageError naming
    /// who changed it otherwise) and writes it, re-scored, inside `tx` (pg_visits.cpp).
    void write_edited_visit(pqxx::work& tx, std::int64_t id, const forms::Visit& visit,
                            const std::string& updated_at, const forms::Template& tpl,
                            std::int64_t template_pk);
    /// Takes `names` out of every action plan's owner, note and actions inside `tx`
    /// (pg_action_plans.cpp; the server adds one to each changed plan's version).
    void redact_action_plans(pqxx::transaction_base& tx, const std::vector<std::string>& names);
    /// Redacts the audit entries (since its last purge entry) of every plan whose entries hold
    /// one of `names`, and appends a purge entry by `who` per plan (pg_action_plans.cpp).
    void redact_plan_audit(pqxx::transaction_base& tx, const std::vector<std::string>& names,
                           const std::string& who);
    /// The open rescore batch's transaction, or nullptr: while a batch is open the maintenance
    /// and audit reads go through it and see what it wrote. (pg_maintenance.cpp)
    pqxx::transaction_base* batch_transaction();

    struct TemplateRow {
        std::int64_t pk = 0;
        std::shared_ptr<const forms::Template> tpl;
    };
    /// A stored template version by code and version, reading the server when not cached
    /// (another connection may have added it); nullptr when unknown. (pg_templates.cpp)
    const TemplateRow* template_row(const std::string& id, int version);
    /// A stored template version by its row id, reading the server when not cached.
    const TemplateRow* template_by_pk(std::int64_t pk);
    /// The same, reading through `tx` when not cached: for a caller inside its own transaction
    /// (a connection runs one transaction at a time).
    const TemplateRow* template_row(pqxx::transaction_base& tx, const std::string& id, int version);
    const TemplateRow* template_by_pk(pqxx::transaction_base& tx, std::int64_t pk);

  public:
    /// Every stored template version by row id.
    using Templates = std::map<std::int64_t, std::shared_ptr<const forms::Template>>;

  private:
    /// Every stored template version by row id, read inside the caller's transaction.
    Templates stored_templates(pqxx::transaction_base& tx);
    /// Caches a stored template version read from the server (its source parsed).
    const TemplateRow* cache_template(std::int64_t pk, const std::string& id, int version,
                                      const std::string& source);

    /// Data versions through LISTEN/NOTIFY: writers notify at commit (pg_schema.cpp); the
    /// count is read again only after a notice came in (pg_store.cpp, pg_facts.cpp).
    class ChangeListener;
    bool changes_noticed();

    const std::string m_uri;
    const bool m_read_only;
    std::unique_ptr<pqxx::connection> m_conn;
    std::unique_ptr<ChangeListener> m_changes;              ///< nullptr when LISTEN is not possible
    std::optional<DataVersion> m_version;                   ///< the count last read
    std::chrono::steady_clock::time_point m_version_read{}; ///< when
    std::string m_account;
    PgScoreBatch* m_batch = nullptr; ///< the open rescore batch, on a connection of its own
    std::map<std::pair<std::string, int>, TemplateRow> m_templates;
    std::map<std::int64_t, std::pair<std::string, int>> m_template_keys; ///< pk → key
};

} // namespace vs::storage
