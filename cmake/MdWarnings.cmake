# Warnings every target of the project compiles with (md_warnings is an INTERFACE target).
add_library(md_warnings INTERFACE)
target_compile_options(md_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes
  -Wpointer-arith -Wcast-qual -Wwrite-strings -Wundef -Wvla -Wformat=2
  $<$<BOOL:${MD_WERROR}>:-Werror>
  # No fused multiply-add: the port reproduces the reference's rounding (spec 20 §7.3).
  -ffp-contract=off
  # libm calls never set errno here (results are checked, not errno), so sqrt inlines and the
  # kernel loops vectorise; every result stays bit-identical.
  -fno-math-errno
  # The default build type (RelWithDebInfo, -O2) runs the 0D step ~2x slower than -O3: the
  # hot loops (kernel, gain, numpy-order sums) need -O3's vectoriser and cloning. -O3 does not
  # change any floating-point result (no fast-math, no contraction).
  $<$<CONFIG:RelWithDebInfo>:-O3>)
option(MD_WERROR "Treat warnings as errors" OFF)
