import Foundation
import SynodTestSupport
import Testing

@testable import SynodLab

@Suite struct PoUWExperimentTests {
    @Test func figure2RunWritesEveryOutput() throws {
        let configuration = PoUWExperiment.configuration(.figure2, problems: 40)
        let result = try PoUWExperiment.run(.figure2, configuration: configuration, seeds: [1, 2])
        #expect(result.runs.map(\.seed) == [1, 2])
        #expect(result.runs.allSatisfy { $0.attackerProblems == 20 && $0.attackerOwnWins == 20 })
        #expect(result.seedsWithAllOwnWins == 2)
        #expect(result.shares.count == 5)
        #expect(result.shares[4].attacker && !result.shares[0].attacker)
        #expect(result.shares[4].paper == 0.603)
        #expect(result.shares[4].analyticMean == 0.6)
        let directory = TemporaryDirectory("pouw-report")
        try PoUWReport.write(result, directory: directory.path, command: "synod experiment pouw --figure 2")
        #expect(try directory.contents() == ["figure.svg", "report.md", "results.csv", "results.json"])
        let csv = try String(contentsOfFile: directory.file("results.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 1 + 2 * 5)
        #expect(csv.contains("figure-2,minted,1,4,attacker,"))
        let svg = try String(contentsOfFile: directory.file("figure.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"))
        #expect(svg.components(separatedBy: "<rect x=").count - 1 == 1 + 3 * 5 + 3)
        let md = try String(contentsOfFile: directory.file("report.md"), encoding: .utf8)
        #expect(md.contains("| 4 (Byzantine) | 60.3 |"))
        #expect(md.contains("won all of its own in 2 of 2 seeds"))
        let decoded = try JSONDecoder().decode(
            PoUWExperimentResult.self, from: Data(contentsOf: URL(fileURLWithPath: directory.file("results.json"))))
        #expect(decoded == result)
    }

    @Test func submitterFundingReportsZeroNetFromOwnProblems() throws {
        let configuration = PoUWExperiment.configuration(.figure2, funding: .submitter, problems: 40)
        let result = try PoUWExperiment.run(.figure2, configuration: configuration, seeds: [3])
        #expect(result.runs[0].minted == 0)
        #expect(result.runs[0].funded == 2.5 * 40)
        #expect(result.runs[0].ownProblemNet[4] == 0)
        let md = PoUWReport.markdown(result, command: "test")
        #expect(md.contains("The attacker's net from its own problems is 0.0"))
    }

    @Test func bandsFollowTheSetting() throws {
        let configuration = PoUWExperiment.configuration(.figure1, problems: 1000)
        let result = try PoUWExperiment.run(.figure1, configuration: configuration, seeds: [1])
        #expect(PoUWReport.withinBand(result))
        var shifted = result
        shifted.runs[0].shares[0] = 0.25
        #expect(!PoUWReport.withinBand(shifted))
        #expect(throws: (any Error).self) {
            try PoUWExperiment.run(.figure1, configuration: configuration, seeds: [])
        }
    }

    @Test func barChartAxisEndsOnARoundNumber() {
        #expect(SVGBarChart.niceCeiling(61.09) == 80)
        #expect(SVGBarChart.niceCeiling(24.4) == 40)
        #expect(SVGBarChart.niceCeiling(100) == 100)
        #expect(SVGBarChart.niceCeiling(0.5) == 0.6000000000000001)
        #expect(SVGBarChart.niceCeiling(0) == 1)
    }

    @Test func barChartDrawsOneBarPerSeriesAndCategory() {
        let chart = SVGBarChart(
            title: "t <&>", yLabel: "y", categories: ["a", "b"],
            series: [.init(label: "s1", values: [1, 2], errors: [0.5, 0]), .init(label: "s2", values: [3, .nan])])
        let svg = chart.render()
        #expect(svg.contains("t &lt;&amp;&gt;"))
        // Background, frame, 3 finite bars, 2 legend swatches.
        #expect(svg.components(separatedBy: "<rect").count - 1 == 2 + 3 + 2)
        #expect(svg.components(separatedBy: "stroke=\"black\"/>").count - 1 == 2)
    }
}
