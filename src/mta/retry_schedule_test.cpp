#include "mta/retry_schedule.h"

#include <catch2/catch.hpp>

using namespace relaysim;
using sim::kSecond;

TEST_CASE("a deferred message waits its time in queue, at least 300 s and at most 4000 s") {
  const mta::QueueConfig config;
  const mta::RetrySchedule retry(config);
  CHECK(retry.eligible_at(0, 10 * kSecond) == 310 * kSecond);      // young: the minimum
  CHECK(retry.eligible_at(0, 1000 * kSecond) == 2000 * kSecond);   // doubles its age
  CHECK(retry.eligible_at(0, 9000 * kSecond) == 13000 * kSecond);  // old: the maximum
}

TEST_CASE("the deferred queue is scanned every queue_run_delay") {
  const mta::QueueConfig config;
  const mta::RetrySchedule retry(config);
  CHECK(retry.next_scan(0) == 0);
  CHECK(retry.next_scan(1) == 300 * kSecond);
  CHECK(retry.next_scan(300 * kSecond) == 300 * kSecond);
  CHECK(retry.next_scan(301 * kSecond) == 600 * kSecond);
}

TEST_CASE("a message queued for maximal_queue_lifetime has expired") {
  const mta::QueueConfig config;
  const mta::RetrySchedule retry(config);
  CHECK_FALSE(retry.expired(0, 5 * sim::kDay - 1));
  CHECK(retry.expired(0, 5 * sim::kDay));
}
