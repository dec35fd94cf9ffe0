# The tree-sitter C runtime and the grammars, from pinned npm tarballs (build-deps.md §4).
include(${CMAKE_CURRENT_LIST_DIR}/NpmSource.cmake)

npm_source(TS_RUNTIME_DIR PACKAGE tree-sitter VERSION 0.25.1
  SHA256 07aeba8dd71630e7e72b2d4ca3bd2680c3471824100cc5ebff44e78a6ed0b6d3)
npm_source(TS_JSON_DIR PACKAGE tree-sitter-json VERSION 0.24.8
  SHA256 39e96d1e4231d200562ebd69105151cd43f58dda4b18a0e9a62fe2991da35b9c)
npm_source(TS_BASH_DIR PACKAGE tree-sitter-bash VERSION 0.25.1
  SHA256 d4b2819508ea97cb8953fff7e304a610d443007bd395c8f03a15de9a8ae4a6f9)

# Parsing is most of the time spent on shell scripts. In optimised builds tree-sitter gets
# -O3, as its own Makefile uses, and everywhere -fno-semantic-interposition: the code is PIC,
# and without it a call between two exported functions of the amalgamation (the lexer's
# advance, the parse-table lookup) must stay a call, in case another library interposes one.
set(TS_SPEED_FLAGS $<$<CONFIG:Release,RelWithDebInfo>:-O3> -fno-semantic-interposition)

# The runtime's amalgamation; the POSIX defines are needed in strict C11 (le16toh, fdopen).
add_library(ts_runtime STATIC "${TS_RUNTIME_DIR}/vendor/tree-sitter/lib/src/lib.c")
target_include_directories(ts_runtime SYSTEM
  PUBLIC "${TS_RUNTIME_DIR}/vendor/tree-sitter/lib/include"
  PRIVATE "${TS_RUNTIME_DIR}/vendor/tree-sitter/lib/src")
target_compile_definitions(ts_runtime PRIVATE _POSIX_C_SOURCE=200112L _DEFAULT_SOURCE)
set_target_properties(ts_runtime PROPERTIES C_STANDARD 11 POSITION_INDEPENDENT_CODE ON)
target_compile_options(ts_runtime PRIVATE -w ${TS_SPEED_FLAGS})

function(ts_grammar target dir)
  set(sources "${dir}/src/parser.c")
  if(EXISTS "${dir}/src/scanner.c")
    list(APPEND sources "${dir}/src/scanner.c")
  endif()
  add_library(${target} STATIC ${sources})
  target_include_directories(${target} PRIVATE "${dir}/src")
  target_compile_definitions(${target} PRIVATE _POSIX_C_SOURCE=200112L _DEFAULT_SOURCE)
  set_target_properties(${target} PROPERTIES C_STANDARD 11 POSITION_INDEPENDENT_CODE ON)
  target_compile_options(${target} PRIVATE -w ${TS_SPEED_FLAGS})  # generated code
endfunction()

ts_grammar(ts_grammar_json "${TS_JSON_DIR}")
ts_grammar(ts_grammar_bash "${TS_BASH_DIR}")
