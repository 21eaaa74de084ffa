#include "shell/session.h"

#include <exception>
#include <ostream>

#include "shell/session_impl.h"

namespace dayzero::shell {

Session::Session(SessionOptions options)
    : impl_(std::make_unique<SessionImpl>(std::move(options))) {}

Session::~Session() = default;

bool Session::open(std::ostream& err) {
    try {
        return impl_->open_store(impl_->options().db_path, impl_->options().create_if_missing, err);
    } catch (const std::exception& e) {
        err << "Error: internal error while opening the store: " << e.what() << "\n";
        return false;
    }
}

bool Session::run(std::string_view input, std::ostream& out, std::ostream& err,
                  std::string_view source) {
    // The Session promises its callers no exceptions; a bug below must not end the shell.
    try {
        return impl_->run(input, out, err, source);
    } catch (const std::exception& e) {
        err << "Error: internal error: " << e.what() << "\n";
        return false;
    }
}

bool Session::quit_requested() const {
    return impl_->quit_requested();
}

}  // namespace dayzero::shell
