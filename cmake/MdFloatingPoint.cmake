# md_fp_reproducible: the code-generation flags that keep results bit-identical to the reference's
# rounding and across builds. Every layer links it PUBLIC, so whatever links a layer (the program,
# the tests, the benchmarks) compiles with it too; build.fp_flags checks that every source file
# of src/ was compiled with these flags.
add_library(md_fp_reproducible INTERFACE)
set(MD_FP_REPRODUCIBLE_FLAGS
    # No fused multiply-add: the port reproduces the reference's rounding (spec 20 §7.3).
    -ffp-contract=off
    # libm calls never set errno here (results are checked, not errno), so sqrt inlines and the
    # kernel loops vectorise; no result changes (this is not -ffast-math).
    -fno-math-errno)
target_compile_options(md_fp_reproducible INTERFACE ${MD_FP_REPRODUCIBLE_FLAGS})
