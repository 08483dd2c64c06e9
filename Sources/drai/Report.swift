import ArgumentParser
import DRAIReport
import DRAIWorkloads
import Foundation

/// `drai report`: the HTML report (and CSV files) of a run's JSON.
struct Report: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Draw the self-contained HTML report of a run from its JSON (drai run --json).")

  @Argument(help: "A run's JSON, as written by `drai run --json`.")
  var runJSON: String

  @Option(name: .shortAndLong, help: "The HTML file to write.")
  var output: String = "report.html"

  @Option(help: "Also write the time series, energy breakdown and per-cue results as CSV files into this folder.")
  var csv: String?

  func run() throws {
    var plan = OutputPlan(inputs: [runJSON])
    plan.file("--output", output)
    plan.folder("--csv", csv)
    try plan.check()
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: runJSON, isDirectory: &isFolder), isFolder.boolValue {
      throw ValidationErrorText("cannot read \(runJSON): it is a folder; give the JSON file of a `drai run --json`")
    }
    let data: Data
    do { data = try Data(contentsOf: URL(fileURLWithPath: runJSON)) } catch {
      throw ValidationErrorText("cannot read \(runJSON): \(error.localizedDescription)")
    }
    let result: DigitsRecallResult
    do { result = try JSONDecoder().decode(DigitsRecallResult.self, from: data) } catch {
      throw ValidationErrorText("\(runJSON) is not the JSON of a `drai run`: \(Self.reason(error))")
    }
    if let problem = result.trace?.problem() { throw ValidationErrorText("\(runJSON): trace.\(problem)") }
    if let links = result.network?.links, let bad = links.first(where: { !$0.utilisation.isFinite || $0.utilisation < 0 || $0.row < 0 || $0.column < 0 }) {
      throw ValidationErrorText("\(runJSON): network.links: a link at (\(bad.row), \(bad.column)) with utilisation \(bad.utilisation)")
    }
    try write(Data(HTMLReport.render(result).utf8), to: output)
    if let csv { try writeCSV(result, to: csv) }
  }

  /// A one-line reason for a decoding error, naming the JSON path.
  static func reason(_ error: Error) -> String {
    switch error {
    case DecodingError.keyNotFound(let key, let c): return "missing key '\((c.codingPath + [key]).map(\.stringValue).joined(separator: "."))'"
    case DecodingError.typeMismatch(_, let c) where c.codingPath.isEmpty: return "expected a JSON object (the report of one run), found something else"
    case DecodingError.dataCorrupted(let c) where c.codingPath.isEmpty: return "not valid JSON"
    case DecodingError.valueNotFound(_, let c) where !c.codingPath.isEmpty:
      return "'\(c.codingPath.map(\.stringValue).joined(separator: "."))' is null: the run wrote a figure that was not finite "
        + "(NaN or ±∞) there, and a report cannot be drawn from it"
    case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c), DecodingError.dataCorrupted(let c):
      return "\(c.debugDescription) at '\(c.codingPath.map(\.stringValue).joined(separator: "."))'"
    default: return "\(error)"
    }
  }
}

/// Writes the CSV files of `result` into `folder`, or throws an error naming it.
func writeCSV(_ result: DigitsRecallResult, to folder: String) throws {
  do { try CSVExport.write(result, to: URL(fileURLWithPath: folder)) } catch {
    throw ValidationErrorText("cannot write CSV files into \(folder): \(error.localizedDescription)")
  }
}
