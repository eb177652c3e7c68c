#include "experiment/run_pool.h"

#include <catch2/catch.hpp>
#include <stdexcept>
#include <vector>

using relaysim::experiment::run_parallel;

TEST_CASE("every task runs once and stores its result under its own number") {
  for (unsigned jobs : {1u, 2u, 4u, 16u}) {
    std::vector<int> out(100, -1);
    std::size_t last = 0;
    run_parallel(out.size(), jobs, [&](std::size_t i) { out[i] = static_cast<int>(i * i); },
                 [&](std::size_t finished) { last = finished; });
    for (std::size_t i = 0; i < out.size(); ++i) CHECK(out[i] == static_cast<int>(i * i));
    CHECK(last == 100);
  }
}

TEST_CASE("a failing task's exception reaches the caller") {
  CHECK_THROWS_WITH(run_parallel(10, 2,
                                 [](std::size_t i) {
                                   if (i == 3) throw std::runtime_error("task 3 failed");
                                 }),
                    "task 3 failed");
  run_parallel(0, 4, [](std::size_t) { FAIL("no task expected"); });
}
