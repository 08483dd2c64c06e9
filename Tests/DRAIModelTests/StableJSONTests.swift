import DRAIReport
import Foundation
import Testing

/// Reports are never lost to a figure that is not a number.
@Suite struct StableJSONTests {
  struct Figures: Encodable {
    var accuracy: Double
    var energyPerUpdateJ: Double
    var series: [Double]
    var name: String
  }

  @Test("NaN and ±∞ are written as null and counted; every other value as the plain encoder writes it")
  func nonFiniteFiguresBecomeNull() throws {
    let finite = Figures(accuracy: 0.9, energyPerUpdateJ: 1.5e-11, series: [1, 2], name: "drai")
    let plain = try StableJSON(finite)
    let encoded = try stableJSONEncoder().encode(finite)
    #expect(plain.nonFiniteFigures == 0 && plain.data == encoded)
    // Three non-finite figures of four numbers in the series and one scalar.
    let odd = Figures(accuracy: .nan, energyPerUpdateJ: 2.5, series: [.infinity, 3, -.infinity], name: "drai")
    let json = try StableJSON(odd)
    #expect(json.nonFiniteFigures == 3)
    let object = try #require(try JSONSerialization.jsonObject(with: json.data) as? [String: Any])
    #expect(object["accuracy"] is NSNull && object["energyPerUpdateJ"] as? Double == 2.5 && object["name"] as? String == "drai")
    let series = try #require(object["series"] as? [Any])
    #expect(series.count == 3 && series[0] is NSNull && series[1] as? Double == 3 && series[2] is NSNull)
    // The plain encoder throws on the same value: that is what used to lose a run at its end.
    #expect(throws: EncodingError.self) { try stableJSONEncoder().encode(odd) }
  }
}
