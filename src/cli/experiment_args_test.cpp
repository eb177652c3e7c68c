#include "cli/experiment_args.h"

#include <catch2/catch.hpp>

using namespace relaysim::cli;

TEST_CASE("sweep values split at commas outside brackets and quotes") {
  CHECK(split_top_level("60/h, 600/h") == std::vector<std::string>{"60/h", "600/h"});
  CHECK(split_top_level("[[1h, 2h]],[],\"a,b\"") == std::vector<std::string>{"[[1h, 2h]]", "[]", "\"a,b\""});
  std::vector<relaysim::scenario::SweepAxis> axes;
  std::string error;
  REQUIRE(parse_sweep_options({"agents.spammer.rate=60/h,600/h"}, axes, error));
  REQUIRE(axes.size() == 1);
  CHECK(axes[0].path == "agents.spammer.rate");
  CHECK(axes[0].values.size() == 2);
  CHECK(axes[0].values[1].value == "600/h");
  CHECK(axes[0].values[1].origin == "--sweep");
  CHECK_FALSE(parse_sweep_options({"agents.spammer.rate=1/h,,2/h"}, axes, error));
  CHECK(error.find("a value is empty") != std::string::npos);
  CHECK_FALSE(parse_sweep_options({"agents.spammer.rate=1/h,1/h"}, axes, error));
  CHECK_FALSE(parse_sweep_options({"agents.spammer.rate"}, axes, error));
}

TEST_CASE("a variant is picked by name or defined with its overrides") {
  std::vector<relaysim::experiment::VariantChoice> variants;
  std::string error;
  REQUIRE(parse_variant_options({"open", "closed:mtas.relay.policy=authenticated, agents.s.to=[a@b, c@d]", "base:"},
                                variants, error));
  REQUIRE(variants.size() == 3);
  CHECK_FALSE(variants[0].overrides);
  REQUIRE(variants[1].overrides);
  REQUIRE(variants[1].overrides->size() == 2);
  CHECK((*variants[1].overrides)[1].value == "[a@b, c@d]");
  CHECK((*variants[1].overrides)[0].origin == "--variant closed");
  CHECK(variants[2].overrides->empty());
  CHECK_FALSE(parse_variant_options({"no good:x=1"}, variants, error));
  CHECK(error.find("expected a name") != std::string::npos);
  CHECK_FALSE(parse_variant_options({"v:policy"}, variants, error));
}
