#include "mta/ipv4.h"

namespace relaysim::mta {

std::string format_cidr(const Cidr& cidr) { return format_ipv4(cidr.network) + "/" + std::to_string(cidr.prefix); }

}  // namespace relaysim::mta
