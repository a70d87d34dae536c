#pragma once
// What every storage role shares: the error a backend throws when the fault is not bad input.
// Bad input is forms::InputError (forms/template.h), naming the file, field or visit.

#include <stdexcept>

namespace vs::storage {

/// A storage failure that is not bad input (I/O, a database from a newer version, …).
class StorageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// A change refused because the row changed since it was read (its row version differs).
class ConflictError : public StorageError {
  public:
    using StorageError::StorageError;
};

} // namespace vs::storage
