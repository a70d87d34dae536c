#pragma once
// A store that counts the fact reads (FactStore::load_facts) it passes to a real store
// underneath: which reads a view makes, seen from outside it. Every other call is passed on as
// it is.

#include "storage/store.h"

#include <cstddef>

namespace vs::storage::testing {

class CountingStore final : public Store {
  public:
    explicit CountingStore(Store& store) : m_store(store) {}

    /// load_facts calls for mystery visits (Kind::Mystery or Any) and for survey responses.
    std::size_t mystery_reads() const { return m_mystery_reads; }
    std::size_t survey_reads() const { return m_survey_reads; }
    void reset() { m_mystery_reads = m_survey_reads = 0; }

    bool add_template(const forms::Template& tpl, const std::string& file) override {
        return m_store.add_template(tpl, file);
    }
    std::vector<bool>
    add_templates(const std::vector<std::pair<forms::Template, std::string>>& templates) override {
        return m_store.add_templates(templates);
    }
    std::vector<TemplateInfo> templates() override { return m_store.templates(); }
    std::vector<std::pair<std::string, int>> template_versions() override {
        return m_store.template_versions();
    }
    std::shared_ptr<const forms::Template> find_template(const std::string& id,
                                                         int version) override {
        return m_store.find_template(id, version);
    }
    std::shared_ptr<const forms::Template> latest_template(const std::string& id) override {
        return m_store.latest_template(id);
    }
    ImportReport import_visits(const std::vector<forms::Visit>& visits, const std::string& file,
                               Progress* progress = nullptr) override {
        return m_store.import_visits(visits, file, progress);
    }
    ImportReport import_visit_stream(const forms::VisitSource& source, std::size_t total,
                                     const std::string& file,
                                     Progress* progress = nullptr) override {
        return m_store.import_visit_stream(source, total, file, progress);
    }
    std::unique_ptr<VisitImportBatch> visit_import_batch() override {
        return m_store.visit_import_batch();
    }
    std::vector<std::int64_t> visit_ids(const VisitListQuery& query) override {
        return m_store.visit_ids(query);
    }
    StoredVisit load_visit(std::int64_t id) override { return m_store.load_visit(id); }
    std::optional<std::int64_t> visit_id_of(const std::string& uuid) override {
        return m_store.visit_id_of(uuid);
    }
    std::int64_t create_draft(const forms::Visit& header) override {
        return m_store.create_draft(header);
    }
    void save_draft(std::int64_t id, const forms::Visit& visit) override {
        m_store.save_draft(id, visit);
    }
    void record_status(std::int64_t id, forms::Status from, forms::Status to,
                       const std::string& who, const std::string& note,
                       const std::string& reason) override {
        m_store.record_status(id, from, to, who, note, reason);
    }
    void apply_edit(std::int64_t id, const forms::Visit& visit, const std::string& updated_at,
                    const std::vector<AuditChange>& entries) override {
        m_store.apply_edit(id, visit, updated_at, entries);
    }
    std::int64_t add_attachment(std::int64_t visit_id, const std::string& question,
                                const std::string& name, const std::string& mime,
                                const std::vector<unsigned char>& data,
                                const std::vector<unsigned char>& thumbnail,
                                const std::string& captured_at = {}) override {
        return m_store.add_attachment(visit_id, question, name, mime, data, thumbnail, captured_at);
    }
    std::vector<AttachmentInfo> attachments(std::int64_t visit_id) override {
        return m_store.attachments(visit_id);
    }
    std::vector<unsigned char> attachment_data(std::int64_t attachment_id) override {
        return m_store.attachment_data(attachment_id);
    }
    void remove_attachment(std::int64_t attachment_id) override {
        m_store.remove_attachment(attachment_id);
    }
    std::vector<std::pair<std::string, std::int64_t>>
    visits_with_sha256(const std::vector<std::string>& hashes) override {
        return m_store.visits_with_sha256(hashes);
    }
    std::vector<OrgEntity> org_list(OrgKind kind, const std::optional<std::int64_t>& client_id,
                                    bool include_inactive, bool count_visits = true) override {
        return m_store.org_list(kind, client_id, include_inactive, count_visits);
    }
    std::int64_t org_save(const OrgEntity& entity) override { return m_store.org_save(entity); }
    void org_set_active(OrgKind kind, std::int64_t id, bool active) override {
        m_store.org_set_active(kind, id, active);
    }
    std::size_t org_import(OrgKind kind, const std::vector<OrgImportRow>& rows) override {
        return m_store.org_import(kind, rows);
    }
    std::vector<AuditEntry> audit_log(std::int64_t visit_id) override {
        return m_store.audit_log(visit_id);
    }
    std::vector<AuditRow> audit_entries(const AuditQuery& query) override {
        return m_store.audit_entries(query);
    }
    std::string submitter(std::int64_t visit_id) override { return m_store.submitter(visit_id); }
    AuditCheck verify_audit(const std::string& recorded_head) override {
        return m_store.verify_audit(recorded_head);
    }
    void visit_scores(const VisitFilter& filter,
                      const std::function<void(const VisitScoreRow&)>& row) override {
        m_store.visit_scores(filter, row);
    }
    scoring::FactTable load_facts(const VisitFilter& filter, bool with_questions,
                                  bool with_attributions = true) override {
        ++(filter.kind == VisitFilter::Kind::Survey ? m_survey_reads : m_mystery_reads);
        return m_store.load_facts(filter, with_questions, with_attributions);
    }
    DataVersion data_version() override { return m_store.data_version(); }
    void visit_details(const VisitFilter& filter,
                       const std::function<void(const VisitDetail&)>& row) override {
        m_store.visit_details(filter, row);
    }
    void add_trainings(const std::vector<Training>& trainings, const std::string& file) override {
        m_store.add_trainings(trainings, file);
    }
    std::vector<Training> trainings(const std::optional<std::string>& client) override {
        return m_store.trainings(client);
    }
    std::vector<scoring::CalibrationVisit> calibration_visits(const VisitFilter& filter) override {
        return m_store.calibration_visits(filter);
    }
    std::vector<ClientActivity> client_activity(const VisitFilter& filter) override {
        return m_store.client_activity(filter);
    }
    std::vector<QuestionComment> employee_comments(const VisitFilter& filter,
                                                   const std::string& employee) override {
        return m_store.employee_comments(filter, employee);
    }
    std::vector<ScoreSums> approved_score_sums(const std::string& client) override {
        return m_store.approved_score_sums(client);
    }
    RecentVisits recent_approved_visits(const RecentVisitsQuery& query) override {
        return m_store.recent_approved_visits(query);
    }
    std::vector<EvidenceVisit> evidence_visits(const std::vector<std::int64_t>& ids) override {
        return m_store.evidence_visits(ids);
    }
    std::string setting(const std::string& key, const std::string& fallback) override {
        return m_store.setting(key, fallback);
    }
    std::map<std::string, std::string> settings(const std::vector<std::string>& keys) override {
        return m_store.settings(keys);
    }
    void set_setting(const std::string& key, const std::string& value) override {
        m_store.set_setting(key, value);
    }
    void set_settings(const std::vector<std::pair<std::string, std::string>>& values) override {
        m_store.set_settings(values);
    }
    std::string pseudonym_key() override { return m_store.pseudonym_key(); }
    bool read_only() const override { return m_store.read_only(); }
    void backup(const std::string& path) override { m_store.backup(path); }
    PurgeReport purge_personal_data(int before_day, const std::string& who) override {
        return m_store.purge_personal_data(before_day, who);
    }
    std::vector<std::int64_t> visits_scored_before(int rules) override {
        return m_store.visits_scored_before(rules);
    }
    StoredScores stored_scores(std::int64_t id) override { return m_store.stored_scores(id); }
    std::unique_ptr<ScoreBatch> rescore_batch() override { return m_store.rescore_batch(); }
    void put_assignments(const std::vector<Assignment>& items, const std::string& who) override {
        m_store.put_assignments(items, who);
    }
    std::vector<Assignment> assignments(const AssignmentFilter& filter) override {
        return m_store.assignments(filter);
    }
    std::optional<Assignment> assignment(const std::string& uuid) override {
        return m_store.assignment(uuid);
    }
    std::string assignment_changed_by(const std::string& uuid) override {
        return m_store.assignment_changed_by(uuid);
    }
    void set_assignment_status(const std::string& uuid, const std::string& status,
                               const std::string& expected_updated_at,
                               const std::string& who) override {
        m_store.set_assignment_status(uuid, status, expected_updated_at, who);
    }
    void mark_assignment_visited(const std::string& uuid, const std::string& visit_uuid,
                                 const std::string& who) override {
        m_store.mark_assignment_visited(uuid, visit_uuid, who);
    }
    std::vector<std::pair<std::string, std::string>>
    shopper_exclusions(const std::string& client) override {
        return m_store.shopper_exclusions(client);
    }
    void set_shopper_exclusion(const std::string& client, const std::string& shopper,
                               const std::string& branch, bool excluded,
                               const std::string& reason) override {
        m_store.set_shopper_exclusion(client, shopper, branch, excluded, reason);
    }
    void set_shopper_region(const std::string& client, const std::string& shopper,
                            const std::string& region) override {
        m_store.set_shopper_region(client, shopper, region);
    }
    bool add_notification(const NewNotification& notification) override {
        return m_store.add_notification(notification);
    }
    std::vector<Notification> notifications(const NotificationFilter& filter) override {
        return m_store.notifications(filter);
    }
    void set_notification_read(std::int64_t id, bool read) override {
        m_store.set_notification_read(id, read);
    }
    std::vector<OutboxMail> outbox(const std::string& due_at) override {
        return m_store.outbox(due_at);
    }
    bool claim_mail(std::int64_t id, const std::string& seen_next_try,
                    const std::string& lease_until) override {
        return m_store.claim_mail(id, seen_next_try, lease_until);
    }
    void mark_mail_sent(std::int64_t id, const std::string& at) override {
        m_store.mark_mail_sent(id, at);
    }
    void mark_mail_failed(std::int64_t id, const std::string& error,
                          const std::string& next_try) override {
        m_store.mark_mail_failed(id, error, next_try);
    }
    std::vector<AlertRecipient> alert_recipients(const std::string& client) override {
        return m_store.alert_recipients(client);
    }
    void set_alert_recipients(const std::string& client, const std::string& branch,
                              const std::vector<std::string>& addresses) override {
        m_store.set_alert_recipients(client, branch, addresses);
    }
    std::int64_t add_dispute(const NewDispute& dispute, const std::string& who) override {
        return m_store.add_dispute(dispute, who);
    }
    std::vector<Dispute> disputes(const DisputeFilter& filter) override {
        return m_store.disputes(filter);
    }
    std::optional<Dispute> dispute(std::int64_t id) override { return m_store.dispute(id); }
    std::vector<unsigned char> dispute_evidence(std::int64_t id) override {
        return m_store.dispute_evidence(id);
    }
    void decide_dispute(std::int64_t id, const DisputeDecision& decision,
                        const DisputeEdit* edit) override {
        m_store.decide_dispute(id, decision, edit);
    }
    std::string released_at(const std::string& visit_uuid) override {
        return m_store.released_at(visit_uuid);
    }
    std::string approver(const std::string& visit_uuid) override {
        return m_store.approver(visit_uuid);
    }
    std::vector<ReleasedVisit> released_visits(const std::string& client) override {
        return m_store.released_visits(client);
    }
    std::int64_t add_action_plan(const ActionPlan& plan, const std::string& who) override {
        return m_store.add_action_plan(plan, who);
    }
    std::vector<ActionPlan> action_plans(const ActionPlanFilter& filter) override {
        return m_store.action_plans(filter);
    }
    std::optional<ActionPlan> action_plan(std::int64_t id) override {
        return m_store.action_plan(id);
    }
    std::int64_t update_action_plan(const ActionPlan& plan, const std::string& who,
                                    const std::string& reason) override {
        return m_store.update_action_plan(plan, who, reason);
    }

  protected:
    // visit_rows labels the inner store's labelled rows again: the same labels.
    std::vector<VisitListRow> read_visit_rows(const std::vector<std::int64_t>& ids) override {
        return m_store.visit_rows(ids);
    }

  private:
    Store& m_store;
    std::size_t m_mystery_reads = 0;
    std::size_t m_survey_reads = 0;
};

} // namespace vs::storage::testing
