# -DMD_SANITIZE=ON builds everything with AddressSanitizer and UndefinedBehaviorSanitizer.
option(MD_SANITIZE "Build with ASan and UBSan" OFF)
if(MD_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
