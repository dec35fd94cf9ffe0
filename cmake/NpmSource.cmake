# npm_source(<var> PACKAGE <name> VERSION <v> SHA256 <hex>)
#
# Fetches a package tarball with `npm pack` (no lifecycle scripts run), checks its pinned
# SHA-256 and extracts it into the build tree once. Sets <var> to the package directory.
# NPM_TARBALL_DIR may point at a directory that already holds the .tgz files (offline).
function(npm_source out_var)
  cmake_parse_arguments(A "" "PACKAGE;VERSION;SHA256" "" ${ARGN})
  string(REGEX REPLACE "^@" "" flat_name "${A_PACKAGE}")
  string(REPLACE "/" "-" flat_name "${flat_name}")
  set(tarball_name "${flat_name}-${A_VERSION}.tgz")
  set(download_dir "${CMAKE_BINARY_DIR}/_npm/dl")
  set(source_dir "${CMAKE_BINARY_DIR}/_npm/${flat_name}-${A_VERSION}")
  if(NOT EXISTS "${source_dir}/.sha256-${A_SHA256}")
    file(MAKE_DIRECTORY "${download_dir}")
    set(tarball "${download_dir}/${tarball_name}")
    if(NPM_TARBALL_DIR AND EXISTS "${NPM_TARBALL_DIR}/${tarball_name}")
      set(tarball "${NPM_TARBALL_DIR}/${tarball_name}")
    elseif(NOT EXISTS "${tarball}")
      find_program(NPM_EXECUTABLE npm REQUIRED)
      message(STATUS "npm pack ${A_PACKAGE}@${A_VERSION}")
      execute_process(
        COMMAND "${NPM_EXECUTABLE}" pack "${A_PACKAGE}@${A_VERSION}"
                --pack-destination "${download_dir}" --prefer-offline --silent
        WORKING_DIRECTORY "${download_dir}"
        RESULT_VARIABLE npm_result OUTPUT_VARIABLE npm_output ERROR_VARIABLE npm_error)
      if(NOT npm_result EQUAL 0 OR NOT EXISTS "${tarball}")
        message(FATAL_ERROR "npm pack ${A_PACKAGE}@${A_VERSION} failed: ${npm_error}")
      endif()
    endif()
    file(SHA256 "${tarball}" actual_sha256)
    if(NOT actual_sha256 STREQUAL A_SHA256)
      message(FATAL_ERROR "SHA-256 mismatch for ${tarball_name}: got ${actual_sha256}, "
                          "pinned ${A_SHA256}")
    endif()
    file(REMOVE_RECURSE "${source_dir}")
    file(ARCHIVE_EXTRACT INPUT "${tarball}" DESTINATION "${source_dir}")
    file(TOUCH "${source_dir}/.sha256-${A_SHA256}")
  endif()
  set(${out_var} "${source_dir}/package" PARENT_SCOPE)
endfunction()
