// parse_only.cpp — the benchmark's baseline: loads the given XML files (directories recursively)
// exactly as stancheck's document loader does (stat, read, pugixml in-place parse with the same
// options) and does nothing else but count elements and attributes, so the parse cannot be elided.
#include <sys/stat.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <pugixml.hpp>

namespace fs = std::filesystem;

namespace {

struct counts {
  uint64_t files = 0, bytes = 0, elements = 0, attributes = 0, errors = 0;
};

// The same options as src/document.cpp (load_buffer_inplace_own, UTF-8).
constexpr unsigned parse_options = pugi::parse_default | pugi::parse_doctype | pugi::parse_fragment;

void load_one(const std::string& path, counts& c) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    ++c.errors;
    return;
  }
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    ++c.errors;
    return;
  }
  auto size = static_cast<std::size_t>(st.st_size);
  char* buf = static_cast<char*>(pugi::get_memory_allocation_function()(size ? size : 1));
  std::size_t got = std::fread(buf, 1, size, f);
  std::fclose(f);
  pugi::xml_document doc;
  if (!doc.load_buffer_inplace_own(buf, got, parse_options, pugi::encoding_utf8)) {
    ++c.errors;
    return;
  }
  ++c.files;
  c.bytes += got;
  // Iterative walk over every element.
  pugi::xml_node n = doc.first_child();
  while (n) {
    if (n.type() == pugi::node_element) {
      ++c.elements;
      for (auto a = n.first_attribute(); a; a = a.next_attribute()) ++c.attributes;
    }
    if (n.first_child()) {
      n = n.first_child();
      continue;
    }
    while (n && !n.next_sibling()) n = n.parent();
    if (n) n = n.next_sibling();
  }
}

}  // namespace

int main(int argc, char** argv) {
  unsigned jobs = 1;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--jobs" && i + 1 < argc) {
      jobs = static_cast<unsigned>(std::max(1, std::atoi(argv[++i])));
      continue;
    }
    if (arg == "-h" || arg == "--help") {
      std::puts("usage: parse_only [--jobs N] PATH...   (directories are searched recursively)");
      return 0;
    }
    std::error_code ec;
    if (fs::is_directory(arg, ec)) {
      for (auto it = fs::recursive_directory_iterator(arg, ec); !ec && it != fs::recursive_directory_iterator();
           it.increment(ec))
        if (it->is_regular_file(ec)) files.push_back(it->path().string());
    } else {
      files.push_back(arg);
    }
  }
  std::vector<counts> per(jobs);
  std::atomic<std::size_t> next{0};
  auto work = [&](counts& c) {
    for (std::size_t k; (k = next.fetch_add(1)) < files.size();) load_one(files[k], c);
  };
  std::vector<std::thread> pool;
  for (unsigned j = 1; j < jobs; ++j) pool.emplace_back(work, std::ref(per[j]));
  work(per[0]);
  for (auto& t : pool) t.join();
  counts total;
  for (const auto& c : per) {
    total.files += c.files, total.bytes += c.bytes, total.elements += c.elements;
    total.attributes += c.attributes, total.errors += c.errors;
  }
  std::printf("{\"files\": %llu, \"bytes\": %llu, \"elements\": %llu, \"attributes\": %llu, \"errors\": %llu}\n",
              static_cast<unsigned long long>(total.files), static_cast<unsigned long long>(total.bytes),
              static_cast<unsigned long long>(total.elements), static_cast<unsigned long long>(total.attributes),
              static_cast<unsigned long long>(total.errors));
  return total.errors ? 1 : 0;
}
