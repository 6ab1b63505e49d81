// Loading rule packs from TOML: the pack's sections in order, then the validator; the public
// entry points, where a LoadError becomes a Status (see loader.h).
#include <exception>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "compile/validate.h"
#include "exportctl/rule_pack.h"
#include "internal/status.h"
#include "internal/strings.h"
#include "model/invalid.h"
#include "packs/loader.h"

namespace exportctl {
namespace internal {

RulePack Loader::Load(const toml::table& root) {
  constexpr std::string_view where = "at top level";
  RulePack pack;
  pack.info.source = source_;

  // The format first: a later format may have keys this library does not know.
  const toml::node& format = Required(root, "format", where);
  if (!format.is_integer()) WrongType(format, "an integer", "format");
  int64_t version = format.as_integer()->get();
  if (version != kRulePackFormat)
    Fail(format, StrCat("unsupported pack format ", version, " (this library reads ", kRulePackFormat, ")"));
  pack.info.format = kRulePackFormat;

  CheckKeys(root,
            {"format", "id", "revision", "description", "jurisdiction", "group", "parameter", "chip", "entity",
             "ownership", "rule", "end", "test"},
            where);
  pack.info.id = Id(Required(root, "id", where), "id");
  pack.info.revision = ReqString(root, "revision", where);
  pack.info.description = OptString(root, "description").value_or("");

  auto each = [&](std::string_view section, auto& items, auto load) {
    for (const toml::table* t : Tables(root, section))
      items.push_back((this->*load)(*t, StrCat(section, "[", items.size(), "]")));
  };
  each("jurisdiction", pack.jurisdictions, &Loader::LoadJurisdiction);
  each("group", pack.groups, &Loader::LoadGroup);
  each("parameter", pack.parameters, &Loader::LoadParameter);
  each("chip", pack.chips, &Loader::LoadChip);
  each("entity", pack.entities, &Loader::LoadEntity);
  each("ownership", pack.ownership, &Loader::LoadOwnership);
  each("rule", pack.rules, &Loader::LoadRule);
  each("end", pack.ends, &Loader::LoadEnd);
  each("test", pack.tests, &Loader::LoadTest);
  pack.sources = std::move(sources_);
  return pack;
}

namespace {

// Limits on what the loader reads (docs/errors.md): a pack and a line of it.
constexpr size_t kMaxPackBytes = size_t{8} << 20;   // 8 MiB; the built-in packs are under 64 KiB
constexpr size_t kMaxLineBytes = size_t{64} << 10;  // 64 KiB

// toml++'s descriptions as an exportctl message: lower case, one line, no final period.
std::string TomlMessage(std::string_view description) {
  std::string message(description);
  for (char& c : message)
    if (c == '\n' || c == '\r') c = ' ';
  while (!message.empty() && (message.back() == '.' || message.back() == ' ')) message.pop_back();
  if (!message.empty() && message[0] >= 'A' && message[0] <= 'Z') message[0] += 'a' - 'A';
  return message;
}

absl::Status ErrorAt(std::string_view source, toml::source_position p, std::string_view message) {
  return Invalid(SourceLocation{std::string(source), static_cast<int>(std::max<uint32_t>(p.line, 1)),
                                static_cast<int>(std::max<uint32_t>(p.column, 1))},
                 message);
}

absl::Status CheckSize(std::string_view text, std::string_view source) {
  if (text.size() > kMaxPackBytes)
    return ErrorAt(source, {1, 1},
                   StrCat("pack is ", text.size(), " bytes, more than the limit of ", kMaxPackBytes, " (8 MiB)"));
  for (size_t start = 0, line = 1; start < text.size(); ++line) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (end - start > kMaxLineBytes)
      return ErrorAt(source, {static_cast<toml::source_index>(line), 1},
                     StrCat("line is ", end - start, " bytes long, more than the limit of ", kMaxLineBytes));
    start = end + 1;
  }
  return absl::OkStatus();
}

absl::StatusOr<RulePack> Read(std::string_view text, std::string_view source) {
  try {
    toml::table root = toml::parse(text, source);
    return Loader(text, source).Load(root);
  } catch (const toml::parse_error& e) {
    return ErrorAt(source, e.source().begin, TomlMessage(e.description()));
  } catch (const LoadError& e) {
    return ErrorAt(source, e.position, e.message);
  } catch (const std::exception& e) {
    return absl::InternalError(StrCat(source, ": unexpected error: ", e.what()));
  } catch (...) {
    return absl::InternalError(StrCat(source, ": unexpected error"));
  }
}

}  // namespace
}  // namespace internal

absl::StatusOr<RulePack> LoadRulePack(std::string_view toml_text, std::string_view source_name) {
  RETURN_IF_ERROR(internal::CheckSize(toml_text, source_name));
  ASSIGN_OR_RETURN(RulePack pack, internal::Read(toml_text, source_name));
  RETURN_IF_ERROR(internal::ValidatePack(pack));
  return pack;
}

absl::StatusOr<RulePack> LoadRulePackFile(const std::string& path) {
  const absl::Status unreadable = absl::NotFoundError(internal::StrCat("cannot read '", path, "'"));
  std::string text;
  try {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) return unreadable;
    std::ifstream in(path, std::ios::binary);
    if (!in) return unreadable;
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) return unreadable;
    text = std::move(buffer).str();
  } catch (...) {
    return unreadable;
  }
  return LoadRulePack(text, path);
}

}  // namespace exportctl
