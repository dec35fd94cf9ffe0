// libFuzzer target: see fuzz::terraform in fuzz/fuzz_entries.h.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  dl::fuzz::terraform(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
