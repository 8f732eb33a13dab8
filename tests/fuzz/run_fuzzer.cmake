# Runs a libFuzzer binary on a scratch copy of its seed corpus (the seeds in the source tree
# stay untouched; crashes land in WORK/artifacts).
# cmake -DFUZZER=<binary> -DCORPUS=<seed dir> -DWORK=<scratch dir> [-DSECONDS=60] [-DDICT=<file>]
#       -P run_fuzzer.cmake
if(NOT SECONDS)
  set(SECONDS 60)
endif()
set(_dict)
if(DICT)
  set(_dict -dict=${DICT})
endif()
file(MAKE_DIRECTORY ${WORK}/corpus ${WORK}/artifacts)
file(GLOB _seeds ${CORPUS}/*)
file(COPY ${_seeds} DESTINATION ${WORK}/corpus)
execute_process(
  COMMAND ${FUZZER} -max_total_time=${SECONDS} -max_len=65536 -artifact_prefix=${WORK}/artifacts/
          ${_dict} ${WORK}/corpus
  RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "${FUZZER} failed (${_rc}); reproducer in ${WORK}/artifacts")
endif()
