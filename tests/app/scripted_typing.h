#pragma once
// Scripted typing for the kill test, in the test-only program visitscore_typing (the real app
// plus this script; typing_app_main.cpp): with VISITSCORE_TEST_TYPING=LOGFILE and
// `--open-visit ID`, it answers the visible unanswered questions of the open draft one by
// one through the form's widgets, every VISITSCORE_TEST_INTERVAL ms (default 120), and appends
// "<unix ms>\t<question id>\t<answer JSON>" (or "\tcomment:<id>\t<text>") to LOGFILE after each,
// flushed at once.

#include "forms/answer.h"

#include <string>

namespace vs::app {

class MainFrame;

/// The answer the script types for question `q` as its n-th action (deterministic).
forms::Answer scripted_answer(const forms::Question& q, int n);

/// Starts typing into the frame's open visit when the environment asks for it.
void start_test_typing(MainFrame* frame);

} // namespace vs::app
