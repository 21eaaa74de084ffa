#pragma once
// Scratch files for fuzz targets whose decoders only read from paths (SDTM studies, wide sheets):
// one folder per process, in memory (/dev/shm) when the system has it.

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace dayzero::fuzz {

// The process's scratch folder, created on first use.
inline const std::filesystem::path& scratch_folder() {
    static const std::filesystem::path folder = [] {
        std::filesystem::path base = "/dev/shm";
        std::error_code ec;
        if (!std::filesystem::is_directory(base, ec)) base = std::filesystem::temp_directory_path();
        auto dir = base / ("dayzero-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
        return dir;
    }();
    return folder;
}

// Writes `bytes` exactly to `name` in the scratch folder and returns its path.
inline std::string write_scratch(const std::string& name, std::string_view bytes) {
    const auto path = scratch_folder() / name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return path.string();
}

}  // namespace dayzero::fuzz
