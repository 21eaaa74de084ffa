#pragma once
// Status and Result<T>: how store and importers report failure without exceptions.

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace dayzero::store {

// What went wrong, coarse enough for callers to branch on; the message says the rest.
enum class StatusCode {
    kOk = 0,
    kInvalidArgument,  // a caller-supplied value is bad (names the field)
    kNotFound,         // a patient, sequence or file that does not exist
    kConflict,         // optimistic-concurrency check failed
    kReadOnly,         // a write was attempted on a read-only store
    kCorruption,       // stored bytes fail a checksum, hash-chain or format check
    kIoError,          // the filesystem or RocksDB failed
    kVersionMismatch,  // the store's format version is not the one this build reads
    kNotAStore,        // the folder exists but is not a dayzero store
    kAlreadyExists,    // e.g. a file digest that was already imported
    kInterrupted,      // the user cancelled the operation
};

// The outcome of an operation: ok, or a code and a human-readable message.
class [[nodiscard]] Status {
  public:
    Status() = default;
    Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

    static Status ok() { return {}; }
    static Status invalid_argument(std::string m) {
        return {StatusCode::kInvalidArgument, std::move(m)};
    }
    static Status not_found(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
    static Status conflict(std::string m) { return {StatusCode::kConflict, std::move(m)}; }
    static Status read_only(std::string m) { return {StatusCode::kReadOnly, std::move(m)}; }
    static Status corruption(std::string m) { return {StatusCode::kCorruption, std::move(m)}; }
    static Status io_error(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
    static Status version_mismatch(std::string m) {
        return {StatusCode::kVersionMismatch, std::move(m)};
    }
    static Status not_a_store(std::string m) { return {StatusCode::kNotAStore, std::move(m)}; }
    static Status already_exists(std::string m) {
        return {StatusCode::kAlreadyExists, std::move(m)};
    }
    static Status interrupted(std::string m) { return {StatusCode::kInterrupted, std::move(m)}; }

    // True when the operation succeeded.
    bool is_ok() const { return code_ == StatusCode::kOk; }
    explicit operator bool() const { return is_ok(); }
    StatusCode code() const { return code_; }
    // The message for a user; empty when ok.
    const std::string& message() const { return message_; }

  private:
    StatusCode code_ = StatusCode::kOk;
    std::string message_;
};

// A value or the Status explaining why there is none.
template <typename T>
class [[nodiscard]] Result {
  public:
    Result(T value) : value_(std::move(value)) {}          // NOLINT: implicit by design
    Result(Status status) : status_(std::move(status)) {}  // NOLINT: implicit by design

    bool is_ok() const { return value_.has_value(); }
    explicit operator bool() const { return is_ok(); }
    // The error; Status::ok() when a value is present.
    const Status& status() const { return status_; }
    // The value; only valid when is_ok().
    T& value() & { return *value_; }
    const T& value() const& { return *value_; }
    T&& value() && { return std::move(*value_); }
    T* operator->() { return &*value_; }
    const T* operator->() const { return &*value_; }
    T& operator*() & { return *value_; }

  private:
    std::optional<T> value_;
    Status status_;
};

}  // namespace dayzero::store
