# CPack runs this on the staged files before it packs them (CPACK_PRE_BUILD_SCRIPTS): the
# programs are stripped as Debian's dh_strip strips them, of their symbols and also of the
# compilers' .comment and .note sections, which CPACK_STRIP_FILES would leave.
file(GLOB programs "${CPACK_TEMPORARY_INSTALL_DIRECTORY}${CPACK_PACKAGING_INSTALL_PREFIX}/bin/*")
if(NOT programs)
    message(FATAL_ERROR "strip.cmake: no programs in ${CPACK_TEMPORARY_INSTALL_DIRECTORY}")
endif()
foreach(program IN LISTS programs)
    execute_process(
        COMMAND ${CPACK_VISITSCORE_STRIP} --remove-section=.comment --remove-section=.note ${program}
        COMMAND_ERROR_IS_FATAL ANY)
endforeach()
