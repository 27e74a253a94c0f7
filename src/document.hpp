// document.hpp — loading one XML document safely and recognising what it is by its root element.
//
// External interface: load_document / parse_document (full parse into a `document`, or an
// input_error with file, line and column), sniff_root (a cheap look at the root start tag, for
// discovery), classify, and two namespace helpers for pugixml nodes.
#pragma once

#include <cstdint>
#include <memory>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "bundle.hpp"
#include "result.hpp"

namespace stancheck {

class temp_store;

/// Namespace URIs of the documents stancheck reads.
namespace ns {
inline constexpr std::string_view eid = "urn:stancheck:eid:1";
inline constexpr std::string_view report = "urn:stancheck:report:1";
inline constexpr std::string_view atml_2011_collection =
    "urn:IEEE-1636.1:2011:01:TestResultsCollection";
inline constexpr std::string_view atml_2011_results = "urn:IEEE-1636.1:2011:01:TestResults";
inline constexpr std::string_view atml_2013_collection =
    "urn:IEEE-1636.1:2013:TestResultsCollection";
inline constexpr std::string_view atml_2013_results = "urn:IEEE-1636.1:2013:TestResults";
inline constexpr std::string_view atml_common = "urn:IEEE-1671:2010:Common";
inline constexpr std::string_view label_4774 =
    "urn:nato:stanag:4774:confidentialitymetadatalabel:1:0";
inline constexpr std::string_view binding_4778 = "urn:nato:stanag:4778:bindinginformation:1:0";
}  // namespace ns

/// Limits applied to every document read.
struct load_options {
  /// Larger files are an input error. Offsets are 32-bit, so the limit never exceeds 4 GiB - 1.
  uint64_t max_file_size = uint64_t{256} << 20;  // the CLI default (--max-file-size)
  /// Deeper element nesting is an input error, so no later stage can exhaust the stack.
  uint32_t max_depth = 256;
  /// Directories (canonical, absolute) an `artefact/@href` may resolve into; null = anywhere.
  /// The engine sets it to the catalogue's input roots (catalogue::roots), so an untrusted
  /// description cannot make stancheck read files outside the inputs it was given.
  const std::unordered_set<std::string>* artefact_roots = nullptr;
  /// Where discovery kept the bytes of the descriptions it read whole (catalogue::kept); the
  /// engine sets it, and load_eid parses a kept description from there.
  const temp_store* kept = nullptr;
};

/// A loaded document, or the input error that prevented it.
struct load_result {
  std::shared_ptr<document> doc;  // null on error
  input_error error;              // meaningful only when doc is null
  explicit operator bool() const { return doc != nullptr; }
};

/// Reads and parses `path`. Never throws for bad input: unreadable, too large, not XML, bad
/// encoding, malformed, DOCTYPE with entity declarations, too deep, or not a stancheck document
/// all come back as an input_error located in the file.
load_result load_document(const std::string& path, const load_options& options = {});

/// Same as load_document for text already in memory; `path` names it in errors.
load_result parse_document(std::string path, std::string_view text,
                           const load_options& options = {});

/// What the start tag of a document's root element says, read from at most its first 64 KiB.
struct root_info {
  bool complete = false;  // false: no root start tag found in the bytes read (not XML, or too far)
  std::string local;      // local name of the root element
  std::string ns;         // its namespace URI ("" for none)
  doc_kind kind = doc_kind::unknown;
  /// The system id when the root carries it (EID `system/@id`, native `test-report/@system`).
  std::string system;
  uint32_t offset = 0;  // byte offset of the root's '<' (in UTF-8 text for UTF-16 files)
  uint64_t size = 0;    // sniff_root: the file's size (fstat of the open file)
};

/// A cheap look at the root element without a full parse (used by discovery). Sniffing never
/// reports errors: when it cannot tell, `complete` is false and a full load gives the reason.
/// Throws std::system_error only when the file cannot be opened.
/// When `whole` is given and the sniff read the whole file (smaller than 64 KiB), the file's
/// bytes are left there (else it is emptied), so a caller can parse them without reading again.
root_info sniff_root(const std::string& path, std::string* whole = nullptr);
/// Sniffs text in memory (only its first 64 KiB are looked at).
root_info sniff_root_text(std::string_view text);

/// The kind of document a root element (local name, namespace URI) makes.
doc_kind classify(std::string_view local, std::string_view ns);

/// Local part of an element or attribute name ("tr:Test" -> "Test").
std::string_view local_name(const char* qualified);
/// The namespace URI of an element, resolved through the xmlns declarations in scope
/// ("" when none applies or the prefix is undeclared). Walks up the ancestors: O(depth).
std::string_view namespace_uri(pugi::xml_node element);

/// Byte offset of an element's '<' (pugixml's offset_debug points at the name).
uint32_t element_offset(pugi::xml_node element);
/// An input error located at byte `offset` of `doc`.
input_error error_at(const document& doc, uint32_t offset, std::string message);

}  // namespace stancheck
