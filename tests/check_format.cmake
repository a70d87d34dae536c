# cmake -DCLANG_FORMAT=… -DROOT=… -P check_format.cmake: fails when a C++ file of the libraries,
# the front ends, the tests or the benchmarks differs from what the root .clang-format makes of
# it, naming each such file and its first difference (clang-format --dry-run --Werror).
# Apply the format to the whole tree (from the repository root):
#   git ls-files '*.h' '*.cpp' | grep -E '^(templates|forms|scoring|storage|exports|services|cli|app|tests|bench)/' \
#       | xargs clang-format-14 -i
cmake_minimum_required(VERSION 3.25)
set(files)
foreach(folder templates forms scoring storage exports services cli app tests bench)
    file(GLOB_RECURSE found LIST_DIRECTORIES false "${ROOT}/${folder}/*.h" "${ROOT}/${folder}/*.cpp")
    list(APPEND files ${found})
endforeach()
list(SORT files)
list(LENGTH files count)
if(count EQUAL 0)
    message(FATAL_ERROR "no C++ files found under ${ROOT}")
endif()
execute_process(COMMAND ${CLANG_FORMAT} --style=file --dry-run --Werror --ferror-limit=1 ${files}
                WORKING_DIRECTORY ${ROOT} RESULT_VARIABLE rc ERROR_VARIABLE out OUTPUT_VARIABLE out2)
string(REGEX MATCHALL "[^\n]*: error: [^\n]*" errors "${out}")
list(LENGTH errors bad)
if(NOT rc EQUAL 0 OR bad GREATER 0)
    foreach(e IN LISTS errors)
        string(REPLACE "${ROOT}/" "" e "${e}")
        message("${e}")
    endforeach()
    message(FATAL_ERROR "${bad} of ${count} files differ from .clang-format (clang-format exit ${rc}); "
                        "format them with clang-format -i (see the head of tests/check_format.cmake)")
endif()
message(STATUS "all ${count} C++ files follow .clang-format")
