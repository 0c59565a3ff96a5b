# -DMD_SANITIZE=ON builds everything with AddressSanitizer and UndefinedBehaviorSanitizer, plus
# float-cast-overflow (not part of GCC's `undefined`): a double too large for its integer type,
# e.g. a step or sample count from a huge duration, is an error rather than a silent wrap.
option(MD_SANITIZE "Build with ASan and UBSan" OFF)
if(MD_SANITIZE)
  add_compile_options(-fsanitize=address,undefined,float-cast-overflow
                      -fno-sanitize-recover=undefined,float-cast-overflow
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined,float-cast-overflow)
endif()
