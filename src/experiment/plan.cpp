#include "experiment/plan.h"

namespace relaysim::experiment {

std::string configuration_label(const Plan& plan, const Configuration& c) {
  std::string label = c.variant;
  for (std::size_t i = 0; i < c.point.size() && i < plan.axes.size(); ++i) {
    label += " " + plan.axes[i] + "=" + c.point[i];
  }
  return label;
}

}  // namespace relaysim::experiment
