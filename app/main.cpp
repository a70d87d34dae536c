// visitscore: the evaluator desktop app.
#include "app/app.h"

wxIMPLEMENT_APP(vs::app::VisitScoreApp);
