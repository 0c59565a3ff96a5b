# sweep_bench: layout-creation time and the scheduler's/writer's share of a sweep (see
# sweep_bench.c). bench/CMakeLists.txt includes this file: include(sweep_bench.cmake)
add_executable(sweep_bench ${CMAKE_CURRENT_LIST_DIR}/sweep_bench.c ${PROJECT_SOURCE_DIR}/src/cli/md_cli.c)
target_include_directories(sweep_bench PRIVATE ${PROJECT_SOURCE_DIR}/src/cli)
target_compile_definitions(sweep_bench PRIVATE MD_VERSION="${PROJECT_VERSION}")
target_link_libraries(sweep_bench PRIVATE md_manifest md_sched md_h5 md_run md_warnings)
