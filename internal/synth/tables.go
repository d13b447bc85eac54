package synth

// costQuantiles holds 257 quantiles, in units of 1e-5, of a log-normal cost
// multiplier with σ = 0.35 and mean 1 (μ = −σ²/2), at p = (i + ½) ÷ 257. It was
// computed once offline (Python statistics.NormalDist) and is used only through
// integer interpolation, so no float enters a generated amount.
var costQuantiles = [257]int64{
	34244, 38911, 41516, 43427, 44974, 46291, 47450, 48492, 49443, 50323, 51143, 51914,
	52644, 53337, 54000, 54634, 55245, 55833, 56402, 56954, 57489, 58010, 58517, 59012,
	59496, 59969, 60432, 60886, 61332, 61769, 62200, 62623, 63040, 63451, 63856, 64255,
	64649, 65038, 65423, 65803, 66180, 66552, 66920, 67285, 67647, 68005, 68360, 68712,
	69061, 69408, 69752, 70094, 70434, 70771, 71106, 71439, 71770, 72099, 72427, 72753,
	73077, 73400, 73721, 74041, 74360, 74677, 74994, 75309, 75623, 75936, 76248, 76559,
	76869, 77179, 77487, 77795, 78103, 78409, 78716, 79021, 79326, 79631, 79935, 80239,
	80542, 80846, 81149, 81451, 81754, 82056, 82358, 82660, 82962, 83264, 83566, 83868,
	84171, 84473, 84775, 85078, 85380, 85683, 85987, 86290, 86594, 86898, 87203, 87507,
	87813, 88119, 88425, 88732, 89039, 89347, 89656, 89965, 90275, 90586, 90897, 91209,
	91522, 91836, 92151, 92466, 92783, 93100, 93419, 93738, 94059, 94380, 94703, 95027,
	95352, 95679, 96006, 96335, 96666, 96997, 97330, 97665, 98001, 98339, 98678, 99019,
	99361, 99706, 100052, 100399, 100749, 101101, 101454, 101810, 102167, 102527, 102889, 103253,
	103619, 103988, 104359, 104733, 105109, 105487, 105869, 106253, 106639, 107029, 107422, 107817,
	108216, 108618, 109023, 109432, 109843, 110259, 110678, 111101, 111527, 111958, 112393, 112831,
	113275, 113722, 114174, 114631, 115092, 115559, 116030, 116507, 116989, 117477, 117971, 118470,
	118976, 119488, 120007, 120532, 121064, 121604, 122151, 122706, 123269, 123841, 124421, 125010,
	125609, 126217, 126835, 127464, 128104, 128756, 129419, 130095, 130784, 131486, 132203, 132935,
	133683, 134447, 135228, 136028, 136847, 137687, 138548, 139432, 140341, 141275, 142236, 143227,
	144249, 145305, 146397, 147528, 148701, 149920, 151188, 152510, 153891, 155338, 156856, 158455,
	160143, 161932, 163836, 165870, 168055, 170416, 172986, 175807, 178934, 182445, 186451, 191119,
	196717, 203722, 213100, 227369, 258352}

// dipOp is one procedure option of a diagnosis: the procedure set (ICD-9-CM-3,
// sorted, |-joined), its treatment type and its relative cost × 1000.
type dipOp struct {
	procs string
	treat string
	rel   int64
}

// dipTemplate describes one ICD-10 sub-category of the synthetic DIP catalog:
// its conservative relative cost × 1000 (0: no conservative core group), its
// procedure options, another sub-category of the same category without a core
// group (cases of it fall into the comprehensive groups), whether its
// conservative group is a 基层病种 and its popularity.
type dipTemplate struct {
	diag    string
	alt     string
	cons    int64
	ops     []dipOp
	primary bool
	pop     uint64
}

var dipTemplates = []dipTemplate{
	{diag: "K35.8", alt: "K35.9", cons: 450, ops: []dipOp{{"47.09", "surgical", 850}, {"47.01", "surgical", 1000}}, pop: 60},
	{diag: "K80.1", alt: "K80.2", cons: 500, ops: []dipOp{{"51.23", "surgical", 1050}, {"51.22", "surgical", 1300}}, pop: 50},
	{diag: "K81.0", alt: "K81.9", cons: 600, ops: []dipOp{{"51.23", "surgical", 1150}}, pop: 20},
	{diag: "I63.9", alt: "I63.8", cons: 850, ops: []dipOp{{"99.10", "therapeutic", 1400}, {"39.74", "surgical", 5500}}, pop: 80},
	{diag: "I21.9", alt: "I21.4", cons: 1100, ops: []dipOp{{"00.66|36.06", "surgical", 3800}, {"00.66|36.07", "surgical", 4200}}, pop: 25},
	{diag: "I25.1", alt: "I25.9", cons: 600, ops: []dipOp{{"88.55", "diagnostic", 900}, {"00.66|36.07", "surgical", 3600}}, pop: 60},
	{diag: "I48.9", alt: "I48.0", cons: 550, ops: []dipOp{{"37.34", "surgical", 4800}}, pop: 15},
	{diag: "I50.9", alt: "I50.0", cons: 900, pop: 40},
	{diag: "J18.9", alt: "J18.0", cons: 700, ops: []dipOp{{"33.22", "diagnostic", 1100}}, pop: 120},
	{diag: "J44.1", alt: "J44.9", cons: 850, ops: []dipOp{{"96.71", "therapeutic", 1600}}, pop: 60},
	{diag: "J06.9", alt: "J06.8", cons: 250, primary: true, pop: 50},
	{diag: "A09.9", alt: "A09.0", cons: 280, primary: true, pop: 40},
	{diag: "E11.9", alt: "E11.6", cons: 550, primary: true, pop: 50},
	{diag: "N18.5", alt: "N18.4", cons: 900, ops: []dipOp{{"39.95", "therapeutic", 1300}, {"39.27", "surgical", 1500}}, pop: 20},
	{diag: "C34.9", alt: "C34.1", cons: 1200, ops: []dipOp{{"99.25", "therapeutic", 1100}, {"32.41", "surgical", 5200}}, pop: 35},
	{diag: "C50.9", alt: "C50.4", cons: 900, ops: []dipOp{{"99.25", "therapeutic", 900}, {"85.43", "surgical", 2800}}, pop: 30},
	{diag: "C16.9", alt: "C16.0", cons: 1100, ops: []dipOp{{"99.25", "therapeutic", 1000}, {"43.7", "surgical", 5800}}, pop: 20},
	{diag: "C18.9", alt: "C18.7", cons: 1000, ops: []dipOp{{"99.25", "therapeutic", 950}, {"45.73", "surgical", 5200}}, pop: 20},
	{diag: "O34.2", alt: "O34.3", ops: []dipOp{{"74.1", "surgical", 800}}, pop: 40},
	{diag: "O80.0", alt: "O80.1", ops: []dipOp{{"73.59", "therapeutic", 450}}, pop: 40},
	{diag: "S72.0", alt: "S72.1", cons: 900, ops: []dipOp{{"81.52", "surgical", 4500}, {"79.35", "surgical", 3500}}, pop: 20},
	{diag: "M17.1", alt: "M17.9", cons: 400, ops: []dipOp{{"81.54", "surgical", 5600}}, pop: 15},
	{diag: "K40.9", alt: "K40.2", ops: []dipOp{{"53.00", "surgical", 650}, {"17.11", "surgical", 950}}, pop: 25},
	{diag: "H25.9", alt: "H25.1", ops: []dipOp{{"13.41|13.71", "surgical", 600}}, pop: 45},
	{diag: "K29.7", alt: "K29.5", cons: 350, ops: []dipOp{{"45.13", "diagnostic", 500}}, pop: 40},
	{diag: "K92.2", alt: "K92.0", cons: 600, ops: []dipOp{{"45.13", "diagnostic", 750}, {"44.43", "therapeutic", 1300}}, pop: 15},
	{diag: "N20.0", alt: "N20.1", cons: 400, ops: []dipOp{{"98.51", "therapeutic", 600}, {"55.04", "surgical", 2400}}, pop: 25},
	{diag: "D25.9", alt: "D25.1", ops: []dipOp{{"68.49", "surgical", 1600}, {"68.29", "surgical", 1200}}, pop: 20},
	{diag: "G45.9", alt: "G45.0", cons: 500, pop: 25},
	{diag: "I61.9", alt: "I61.0", cons: 1600, ops: []dipOp{{"01.39", "surgical", 7000}}, pop: 10},
	{diag: "S06.5", alt: "S06.6", cons: 1300, ops: []dipOp{{"01.31", "surgical", 5500}}, pop: 8},
	{diag: "E04.2", alt: "E04.1", ops: []dipOp{{"06.39", "surgical", 1200}}, pop: 15},
	{diag: "K56.7", alt: "K56.6", cons: 550, pop: 15},
}

// interventional procedures: a case may give its treatment as "interventional"
// (介入), which DIP-3 counts as surgical.
var interventional = map[string]bool{"00.66|36.06": true, "00.66|36.07": true, "39.74": true, "37.34": true}

// extraProcs are minor procedures added to some surgical cases; DIP-3 still
// finds the core group whose procedure set the case's contains.
var extraProcs = []string{"99.04", "38.93", "96.04", "87.03"}

// ungroupedDiagnoses are symptom codes (ICD-10 chapter R) whose categories the
// synthetic catalog never holds: cases with them are 无法入组 (DIP-9).
var ungroupedDiagnoses = []string{"R50.900", "R10.400", "R06.000", "R53.x00"}

// diagnosis extensions of the 医保版 code: DIP-3 cuts them to 5 characters (A12).
var diagExtensions = []string{"00", "00x001", "00x002", "00x003"}

var districts = []string{"道里", "南岗", "道外", "香坊", "平房", "松北", "呼兰", "阿城", "双城"}

// Age bands of the per-capita members (CAP-1) and their head weights.
var ageBands = []struct {
	band     string
	weight   int64 // × 0.01
	employee [2]int64
	resident [2]int64
}{
	{"0-6", 120, [2]int64{0, 0}, [2]int64{80, 400}},
	{"7-17", 60, [2]int64{0, 0}, [2]int64{120, 600}},
	{"18-59", 80, [2]int64{500, 2000}, [2]int64{500, 2000}},
	{"60-79", 150, [2]int64{120, 750}, [2]int64{250, 1000}},
	{"80+", 200, [2]int64{10, 120}, [2]int64{25, 200}},
}
