# Warnings every target of the project compiles with (md_warnings is an INTERFACE target).
add_library(md_warnings INTERFACE)
target_compile_options(md_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes
  -Wpointer-arith -Wcast-qual -Wwrite-strings -Wundef -Wvla -Wformat=2
  $<$<BOOL:${MD_WERROR}>:-Werror>)
option(MD_WERROR "Treat warnings as errors" OFF)
