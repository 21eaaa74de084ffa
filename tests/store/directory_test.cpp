// Directory over a raw database: patient names both ways, transaction records, and events
// completed with their transaction's provenance.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "rocks_fixture.h"
#include "store/codec.h"
#include "store/directory.h"
#include "store/log_reader.h"

using namespace dayzero::store;
using namespace dayzero::store::testing;

TEST_CASE("directory: patients, transactions and completed events") {
    RocksFixture db;
    LogReader log(db.rocks);
    Directory directory(db.rocks, log);
    db.put(RocksHandles::kPatients, codec::patient_name_key("P-7"), codec::encode_u32_value(3));
    db.put(RocksHandles::kPatients, codec::patient_id_key(3), codec::encode_bytes_value("P-7"));
    codec::TxRecord tx;
    tx.tx = 1;
    tx.first_seq = 1;
    tx.last_seq = 1;
    tx.recorded_at_us = 42;
    tx.author = "ann";
    tx.source = "shell";
    db.put(RocksHandles::kTx, codec::tx_key(1), codec::encode_tx(tx));
    Event e = make_event("P-7", 4, 60);
    e.tx = 1;
    std::string record;
    codec::encode_record(e, 3, "ann", "shell", record);
    db.put(RocksHandles::kLog, codec::log_key(1), record);

    const rocksdb::ReadOptions ro;
    auto name = directory.patient_name(3, ro);
    REQUIRE(name.is_ok());
    CHECK(*name == "P-7");
    CHECK(directory.patient_name(4, ro).status().message() == "patient number 4 has no id");
    auto found = directory.find_patient("P-7", ro);
    REQUIRE(found.is_ok());
    CHECK(found->value() == 3);
    auto unknown = directory.find_patient("P-8", ro);
    REQUIRE(unknown.is_ok());
    CHECK_FALSE(unknown->has_value());
    std::vector<std::string> names;
    REQUIRE(directory
                .scan_patient_names(ro,
                                    [&](std::string_view n, std::string_view) {
                                        names.emplace_back(n);
                                        return Status::ok();
                                    })
                .is_ok());
    CHECK(names == std::vector<std::string>{"P-7"});

    auto read = directory.read_event(1, ro);
    INFO(read.status().message());
    REQUIRE(read.is_ok());
    CHECK(read->patient_id == "P-7");
    CHECK(read->seq == 1);
    CHECK(read->recorded_by == "ann");
    CHECK(read->recorded_at_us == 42);
    auto read_tx = directory.read_tx(1, ro);
    REQUIRE(read_tx.is_ok());
    CHECK(to_info(*read_tx.value()).author == "ann");
    CHECK(directory.read_tx(2, ro).status().code() == StatusCode::kNotFound);
    CHECK(directory.read_event(2, ro).status().code() == StatusCode::kNotFound);
}
