// libFuzzer target: the store's decoders for on-disk bytes (event records and transaction
// records). Damaged bytes must give a corruption status, never a crash or an over-read; a record
// that decodes must encode back to bytes that decode to the same event.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "store/codec.h"

using namespace dayzero::store;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    codec::Record record;
    if (codec::decode_record(bytes, record).is_ok()) {
        std::string again;
        codec::encode_record(record.event, record.patient, "", "", again);
        codec::Record second;
        if (!codec::decode_record(again, second).is_ok()) __builtin_trap();
        if (second.event.note != record.event.note || second.event.day != record.event.day ||
            second.event.kind != record.event.kind)
            __builtin_trap();
    }
    codec::TxRecord tx;
    (void)codec::decode_tx(bytes, 1, tx);
    return 0;
}
