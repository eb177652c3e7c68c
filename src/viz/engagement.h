// How readers took a run's ham (a newsletter), measured from metrics.csv, and the open and
// click rates email marketing publishes, side by side: for the report and the slides.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "viz/graphviz.h"
#include "viz/run_record.h"
#include "viz/style.h"

namespace relaysim::viz {

// Ham copies delivered (to an inbox or a junk folder) in a span of simulated time, and how
// many were opened and clicked. Rates are per delivered copy, as Mailchimp and Campaign
// Monitor count theirs ("of the emails delivered"), junk folders included.
struct EngagementSpan {
  double start_s = 0, end_s = 0;
  double delivered = 0, opened = 0, clicked = 0;
  double open_rate() const { return delivered > 0 ? opened / delivered : 0; }
  double click_rate() const { return delivered > 0 ? clicked / delivered : 0; }
};

struct Engagement {
  EngagementSpan whole;
  // The intervals of metrics.csv with the highest and the lowest open rate, among those
  // that delivered enough ham for a rate to mean something.
  EngagementSpan best, worst;
  bool junked = false;  // some ham was filed in a junk folder: then engagement is the lesson
};

// Published ranges of marketing email: opens 15-22 %, clicks 2-5 % (Mailchimp 2019: 22.71 %
// and 2.91 %; Campaign Monitor 2019: 17.92 % and 2.69 %).
inline constexpr double kPublishedOpenLow = 0.15, kPublishedOpenHigh = 0.22;
inline constexpr double kPublishedClickLow = 0.02, kPublishedClickHigh = 0.05;

// What the figures are, for their heading, and where the published ones come from. The run's
// rates follow from the scenario's engagement: setting (its inbox rates chosen inside the
// published range): the lesson is how far they fall once mail is filed as junk.
inline constexpr const char* kEngagementHeading =
    text::N_("How readers took the ham: opens and clicks per delivered copy, inbox and junk folder together, as "
             "email marketing counts them, beside the published rates");
inline constexpr const char* kEngagementSources =
    text::N_("Published: Mailchimp 2019, 22.71 % opens and 2.91 % clicks; Campaign Monitor 2019, 17.92 % and "
             "2.69 %. In the inbox, readers here react at the scenario's engagement: rates, chosen inside that "
             "range; a copy in the junk folder is rarely opened.");

// nullopt when the run delivered no ham, or its metrics.csv predates ham_opens.
std::optional<Engagement> ham_engagement(const MetricsRecord& metrics);

// "18.7 %"
std::string percent(double share);

// The measured and published figures as an HTML table (report.html).
std::string engagement_table_html(const Engagement& e, const text::Catalog& tr);

// The same as one Graphviz table, for a slide.
void build_engagement_table(Graph& graph, const Engagement& e, const style::Look& look);

}  // namespace relaysim::viz
