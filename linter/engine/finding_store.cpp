#include "linter/engine/finding_store.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>

namespace dl {
namespace {

// More runs than this are merged into one before the final merge, so that a repository
// with millions of findings does not hold thousands of open temporary files.
constexpr std::size_t kMaxRuns = 32;
// Encoded findings are written to a temporary file in chunks of about this size.
constexpr std::size_t kWriteChunk = 16 * 1024;

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u32(std::uint32_t v) { raw(&v, sizeof v); }
  void u64(std::uint64_t v) { raw(&v, sizeof v); }
  void str(std::string_view s) {
    u32(static_cast<std::uint32_t>(s.size()));
    out_.append(s);
  }
  void span(Span s) {
    u32(s.file);
    u32(s.begin);
    u32(s.end);
  }

 private:
  void raw(const void* p, std::size_t n) { out_.append(static_cast<const char*>(p), n); }
  std::string& out_;
};

// One record: its length, then the fields, so that a reader takes a record in one read.
void encode(std::string& out, std::uint64_t sequence, std::string_view path, const Finding& f) {
  const std::size_t start = out.size();
  Writer w(out);
  w.u32(0);  // the length, set below
  w.u64(sequence);
  w.str(path);
  w.str(f.rule_id);
  w.u8(static_cast<std::uint8_t>(f.level));
  w.str(f.message);
  w.span(f.span);
  w.u32(static_cast<std::uint32_t>(f.related.size()));
  for (const RelatedLocation& r : f.related) {
    w.span(r.span);
    w.str(r.message);
  }
  w.u8(f.suppression ? 1 : 0);
  if (f.suppression) {
    w.u8(static_cast<std::uint8_t>(f.suppression->kind));
    w.str(f.suppression->justification);
  }
  w.u8(f.firewall_context ? 1 : 0);
  if (f.firewall_context) {
    w.u32(f.firewall_context->port);
    w.u64(f.firewall_context->related_index);
  }
  const auto length = static_cast<std::uint32_t>(out.size() - start - sizeof(std::uint32_t));
  std::memcpy(out.data() + start, &length, sizeof length);
}

[[noreturn]] void unreadable() {
  throw std::runtime_error("the temporary file of findings could not be read back");
}

// The next record of a stdio stream into `record` (its fields, without the length); false
// at a clean end. A short read is an error, never a finding quietly lost.
bool read_record(std::FILE* file, std::string& record) {
  std::uint32_t length = 0;
  const std::size_t got = std::fread(&length, 1, sizeof length, file);
  if (got == 0 && std::feof(file)) return false;
  if (got != sizeof length) unreadable();
  record.resize(length);
  if (length > 0 && std::fread(record.data(), 1, length, file) != length) unreadable();
  return true;
}

// Reads the fields of one record, in the order encode() wrote them; reading past its end is
// an error (a damaged temporary file), never a default value.
class RecordReader {
 public:
  explicit RecordReader(std::string_view record) : record_(record) {}
  std::uint8_t u8() { return read<std::uint8_t>(); }
  std::uint32_t u32() { return read<std::uint32_t>(); }
  std::uint64_t u64() { return read<std::uint64_t>(); }
  std::string str() {
    const std::uint32_t size = u32();
    if (record_.size() - at_ < size) unreadable();
    std::string s(record_.substr(at_, size));
    at_ += size;
    return s;
  }
  Span span() {
    Span s;
    s.file = u32();
    s.begin = u32();
    s.end = u32();
    return s;
  }

 private:
  template <typename T>
  T read() {
    T v{};
    if (record_.size() - at_ < sizeof v) unreadable();
    std::memcpy(&v, record_.data() + at_, sizeof v);
    at_ += sizeof v;
    return v;
  }
  std::string_view record_;
  std::size_t at_ = 0;
};

// The fields of one record (without its length).
void decode(std::string_view record, std::uint64_t& sequence, std::string& path, Finding& f) {
  RecordReader r(record);
  sequence = r.u64();
  path = r.str();
  f.rule_id = r.str();
  f.level = static_cast<Level>(r.u8());
  f.message = r.str();
  f.span = r.span();
  f.related.resize(r.u32());
  for (RelatedLocation& related : f.related) {
    related.span = r.span();
    related.message = r.str();
  }
  f.suppression.reset();
  if (r.u8() != 0) {
    Suppression s;
    s.kind = static_cast<Suppression::Kind>(r.u8());
    s.justification = r.str();
    f.suppression = std::move(s);
  }
  f.firewall_context.reset();
  if (r.u8() != 0) {
    Finding::PendingFirewallContext context;
    context.port = r.u32();
    context.related_index = r.u64();
    f.firewall_context = context;
  }
}

}  // namespace

// A sorted run: in a temporary file, or in memory when no temporary file could be written
// (a read-only or full /tmp costs memory, never findings).
struct FindingStore::Run {
  std::FILE* file = nullptr;
  std::vector<Entry> memory;

  ~Run() {
    if (file != nullptr) std::fclose(file);
  }
};

// Reads one run in order.
class FindingStore::Cursor {
 public:
  explicit Cursor(Run& run) : run_(run) {
    if (run_.file != nullptr) std::rewind(run_.file);
    advance();
  }
  bool done() const { return done_; }
  Entry& current() { return current_; }
  void advance() {
    if (run_.file == nullptr) {
      done_ = next_ >= run_.memory.size();
      if (!done_) current_ = std::move(run_.memory[next_++]);
      return;
    }
    done_ = !read_record(run_.file, record_);
    if (!done_) decode(record_, current_.sequence, current_.path, current_.finding);
  }

 private:
  Run& run_;
  Entry current_;
  std::string record_;
  std::size_t next_ = 0;
  bool done_ = false;
};

FindingStore::FindingStore(PathOf path_of, std::size_t run_size)
    : path_of_(std::move(path_of)), run_size_(std::max<std::size_t>(run_size, 1)) {}

FindingStore::~FindingStore() = default;

bool FindingStore::less(const Entry& a, const Entry& b) const {
  const Finding& x = a.finding;
  const Finding& y = b.finding;
  if (x.span.valid() != y.span.valid()) return x.span.valid();
  if (x.span.file != y.span.file && a.path != b.path) return a.path < b.path;
  return std::tie(x.span.begin, x.span.end, x.rule_id, x.message, a.sequence) <
         std::tie(y.span.begin, y.span.end, y.rule_id, y.message, b.sequence);
}

void FindingStore::add(Finding finding) {
  std::string path = finding.span.valid() ? path_of_(finding.span.file) : std::string();
  buffer_.push_back({next_sequence_++, std::move(path), std::move(finding)});
  if (buffer_.size() >= run_size_) spill();
}

void FindingStore::spill() {
  if (buffer_.empty()) return;
  std::sort(buffer_.begin(), buffer_.end(),
            [this](const Entry& a, const Entry& b) { return less(a, b); });
  auto run = std::make_unique<Run>();
  std::string bytes;
  for (const Entry& entry : buffer_) encode(bytes, entry.sequence, entry.path, entry.finding);
  run->file = std::tmpfile();
  if (run->file != nullptr &&
      (std::fwrite(bytes.data(), 1, bytes.size(), run->file) != bytes.size() ||
       std::fflush(run->file) != 0)) {
    std::fclose(run->file);
    run->file = nullptr;
  }
  if (run->file == nullptr) {
    run->memory = std::move(buffer_);
  } else {
    ++runs_written_;
  }
  buffer_.clear();
  runs_.push_back(std::move(run));
  if (runs_.size() >= kMaxRuns) merge_runs_into_one();
}

// Calls `take` with each entry of `runs`, smallest first (a linear pick: there are at most
// kMaxRuns + 1 runs).
void FindingStore::merge(const std::vector<Run*>& runs,
                         const std::function<void(Entry&)>& take) const {
  std::vector<std::unique_ptr<Cursor>> cursors;
  for (Run* run : runs) cursors.push_back(std::make_unique<Cursor>(*run));
  for (;;) {
    Cursor* best = nullptr;
    for (const std::unique_ptr<Cursor>& cursor : cursors) {
      if (!cursor->done() && (best == nullptr || less(cursor->current(), best->current()))) {
        best = cursor.get();
      }
    }
    if (best == nullptr) return;
    take(best->current());
    best->advance();
  }
}

// Replaces the runs by one run holding all of them, in order.
void FindingStore::merge_runs_into_one() {
  std::FILE* merged = std::tmpfile();
  if (merged == nullptr) return;  // keep the runs as they are
  bool ok = true;
  {
    std::vector<Run*> file_runs;
    for (const std::unique_ptr<Run>& run : runs_) {
      // In-memory runs are read destructively; only file runs take part.
      if (run->file != nullptr) file_runs.push_back(run.get());
    }
    std::string bytes;
    merge(file_runs, [&](Entry& entry) {
      encode(bytes, entry.sequence, entry.path, entry.finding);
      if (bytes.size() >= kWriteChunk) {
        ok = ok && std::fwrite(bytes.data(), 1, bytes.size(), merged) == bytes.size();
        bytes.clear();
      }
    });
    ok = ok && std::fwrite(bytes.data(), 1, bytes.size(), merged) == bytes.size() &&
         std::fflush(merged) == 0;
  }
  if (!ok) {
    std::fclose(merged);  // the file runs are intact: they are read again from the start
    return;
  }
  std::vector<std::unique_ptr<Run>> kept;
  for (std::unique_ptr<Run>& run : runs_) {
    if (run->file == nullptr) kept.push_back(std::move(run));
  }
  auto run = std::make_unique<Run>();
  run->file = merged;
  ++runs_written_;
  kept.push_back(std::move(run));
  runs_ = std::move(kept);
}

void FindingStore::drain(const std::function<void(Finding&&, const std::string& path)>& visit) {
  std::sort(buffer_.begin(), buffer_.end(),
            [this](const Entry& a, const Entry& b) { return less(a, b); });
  auto last = std::make_unique<Run>();
  last->memory = std::move(buffer_);
  buffer_.clear();
  runs_.push_back(std::move(last));
  std::vector<Run*> all;
  for (const std::unique_ptr<Run>& run : runs_) all.push_back(run.get());
  merge(all, [&](Entry& entry) { visit(std::move(entry.finding), entry.path); });
  runs_.clear();
}

FindingLog::FindingLog() : file_(std::tmpfile()) {}

FindingLog::~FindingLog() {
  if (file_ != nullptr) std::fclose(file_);
}

void FindingLog::append(const Finding& finding) {
  ++size_;
  if (file_ == nullptr) {
    in_memory_.push_back(finding);
    return;
  }
  encode(pending_, size_, {}, finding);
  if (pending_.size() >= kWriteChunk) flush_pending();
}

// Writes what is pending. On a write error the log moves to memory: what was written before
// is read back, and nothing logged is lost.
void FindingLog::flush_pending() {
  if (file_ == nullptr || pending_.empty()) return;
  if (std::fwrite(pending_.data(), 1, pending_.size(), file_) == pending_.size() &&
      std::fflush(file_) == 0) {
    flushed_ += pending_.size();
    pending_.clear();
    return;
  }
  std::string bytes(flushed_, '\0');
  std::clearerr(file_);
  std::rewind(file_);
  if (std::fread(bytes.data(), 1, bytes.size(), file_) != bytes.size()) unreadable();
  bytes += pending_;
  pending_.clear();
  std::fclose(file_);
  file_ = nullptr;
  std::uint64_t sequence = 0;
  std::string path;
  for (std::size_t at = 0; at < bytes.size();) {
    std::uint32_t length = 0;
    if (bytes.size() - at < sizeof length) unreadable();
    std::memcpy(&length, bytes.data() + at, sizeof length);
    at += sizeof length;
    if (bytes.size() - at < length) unreadable();
    decode(std::string_view(bytes).substr(at, length), sequence, path, in_memory_.emplace_back());
    at += length;
  }
}

FindingLog::Reader::Reader(const FindingLog& log) : log_(log) {
  if (log_.reading_) throw std::logic_error("FindingLog: one reader at a time");
  log_.reading_ = true;
  auto& self = const_cast<FindingLog&>(log_);  // writing is over: reading flushes what is left
  self.flush_pending();
  if (log_.file_ != nullptr) std::rewind(log_.file_);
}

FindingLog::Reader::~Reader() {
  log_.reading_ = false;
}

const Finding* FindingLog::Reader::next() {
  if (read_ >= log_.size_) return nullptr;
  if (log_.file_ == nullptr) return &log_.in_memory_[read_++];
  if (!read_record(log_.file_, record_)) unreadable();
  std::uint64_t sequence = 0;
  std::string path;
  decode(record_, sequence, path, current_);
  ++read_;
  return &current_;
}

}  // namespace dl
