// LD_PRELOAD shim for the live safety test: any attempt to open an outbound connection or to
// send a datagram to an address (connect, sendto with an address, sendmsg with msg_name,
// sendmmsg) is written to the file named by RELAYSIM_NO_CONNECT_LOG and the process aborts.
// relaysim serve only ever accepts connections, so under this shim it must run unharmed.
#include <dlfcn.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

[[noreturn]] void refuse(const char* call) {
  char line[128];
  const int n = std::snprintf(line, sizeof line, "outbound %s() attempted by pid %d\n", call, static_cast<int>(getpid()));
  if (const char* path = std::getenv("RELAYSIM_NO_CONNECT_LOG")) {
    const int fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      if (write(fd, line, static_cast<std::size_t>(n)) < 0) {
      }
      close(fd);
    }
  }
  if (write(STDERR_FILENO, line, static_cast<std::size_t>(n)) < 0) {
  }
  std::abort();
}

}  // namespace

extern "C" {

int connect(int, const struct sockaddr*, socklen_t) { refuse("connect"); }

ssize_t sendto(int fd, const void* buffer, size_t length, int flags, const struct sockaddr* to, socklen_t size) {
  if (to != nullptr) refuse("sendto");
  using Real = ssize_t (*)(int, const void*, size_t, int, const struct sockaddr*, socklen_t);
  static const auto real = reinterpret_cast<Real>(dlsym(RTLD_NEXT, "sendto"));
  return real(fd, buffer, length, flags, to, size);
}

// Boost.Asio writes to connected sockets with sendmsg and no address: that passes.
ssize_t sendmsg(int fd, const struct msghdr* message, int flags) {
  if (message != nullptr && message->msg_name != nullptr) refuse("sendmsg");
  using Real = ssize_t (*)(int, const struct msghdr*, int);
  static const auto real = reinterpret_cast<Real>(dlsym(RTLD_NEXT, "sendmsg"));
  return real(fd, message, flags);
}

int sendmmsg(int, struct mmsghdr*, unsigned int, int) { refuse("sendmmsg"); }

}  // extern "C"
