# sweep_bench: layout-creation time and the scheduler's/writer's share of a sweep (see
# sweep_bench.c). bench/CMakeLists.txt includes this file: include(sweep_bench.cmake)
add_executable(sweep_bench ${CMAKE_CURRENT_LIST_DIR}/sweep_bench.c)
target_link_libraries(sweep_bench PRIVATE md_cli md_warnings)
