// A Dockerfile as a carrier: RUN commands are scripts (shell form) or command lines (exec
// form) run with the stage's ENV; the last stage is a container with its image (through
// stage aliases), ENV, ENTRYPOINT, CMD and EXPOSE.
#pragma once

#include "parsers/carriers/carrier.h"
#include "parsers/dockerfile/dockerfile.h"

namespace dl::carriers {

carrier::Document lower_dockerfile(const dockerfile::Dockerfile& dockerfile,
                                   std::string_view display_path);

}  // namespace dl::carriers
