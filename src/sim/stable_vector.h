// A growable array whose elements never move, for pools that hand out references while they
// grow (connections, messages, queue entries): like std::deque, but indexing is a shift and a
// mask into fixed chunks, since pools are indexed far more often than they grow.
#pragma once

#include <cstddef>
#include <memory>
#include <new>
#include <utility>
#include <vector>

namespace relaysim::sim {

template <typename T>
class StableVector {
 public:
  StableVector() = default;
  StableVector(const StableVector&) = delete;
  StableVector& operator=(const StableVector&) = delete;
  StableVector(StableVector&& other) noexcept
      : chunks_(std::move(other.chunks_)), size_(std::exchange(other.size_, 0)) {}
  StableVector& operator=(StableVector&&) = delete;
  ~StableVector() {
    for (std::size_t i = 0; i < size_; ++i) (*this)[i].~T();
  }

  T& operator[](std::size_t i) { return chunks_[i >> kChunkBits].get()[i & kMask]; }
  const T& operator[](std::size_t i) const { return chunks_[i >> kChunkBits].get()[i & kMask]; }
  std::size_t size() const { return size_; }

  // A new element made from `args` at the end; references to the others stay valid.
  template <typename... Args>
  T& emplace_back(Args&&... args) {
    if ((size_ & kMask) == 0 && (size_ >> kChunkBits) == chunks_.size()) chunks_.push_back(new_chunk());
    T* element = ::new (static_cast<void*>(&chunks_[size_ >> kChunkBits].get()[size_ & kMask]))
        T(std::forward<Args>(args)...);
    ++size_;
    return *element;
  }

  template <typename F>
  void for_each(F&& f) const {
    for (std::size_t i = 0; i < size_; ++i) f((*this)[i]);
  }

 private:
  static constexpr std::size_t kChunkBits = 6;  // 64 elements a chunk
  static constexpr std::size_t kMask = (std::size_t{1} << kChunkBits) - 1;

  // Raw storage: an element is constructed only when it is added.
  struct Release {
    void operator()(T* p) const { ::operator delete(p, std::align_val_t{alignof(T)}); }
  };
  using Chunk = std::unique_ptr<T, Release>;
  static Chunk new_chunk() {
    return Chunk(static_cast<T*>(::operator new(sizeof(T) << kChunkBits, std::align_val_t{alignof(T)})));
  }

  std::vector<Chunk> chunks_;
  std::size_t size_ = 0;
};

}  // namespace relaysim::sim
