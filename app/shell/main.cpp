// visitscore: the evaluator desktop app.
#include "app/shell/visit_score_app.h"

wxIMPLEMENT_APP(vs::app::VisitScoreApp);
