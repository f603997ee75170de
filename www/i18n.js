// @ts-check
// The page's own words (buttons, status lines, progress stages, errors):
// one table per language, keyed by id, and the language the page speaks now.
// The report's words do not live here; they come from the core's catalogue
// (locales/*.txt) inside the presentation, laid out in the language the page
// asks for. Every language has a table with exactly the keys of `en` (typed
// so tsc fails on a missing or unknown key) and the same {placeholders}
// (tests/e2e/unit.test.mjs checks both, and that every key the page uses
// exists).
//
// index.html marks its static texts with data-i18n="key" (the element's
// text) or data-i18n-aria-label / data-i18n-title (an attribute); `applyStatic`
// sets them from the table, and the test checks that the English in the HTML
// is the table's.

export const en = {
  // index.html
  'page.title': 'Lenalyze — lenalidomide in del(5q) MDS, analyzed in your browser',
  'page.skip': 'Skip to the main content',
  'page.tagline': 'The tables of a retrospective lenalidomide study in lower-risk, transfusion-dependent del(5q) MDS, from your case report forms.',
  'page.privacy': 'Your files never leave this computer:',
  'page.privacy_detail': 'everything is computed in this page.',
  'lang.label': 'Language',
  'intake.title': 'Load case report forms',
  'intake.drop': 'Drop CRF files here, or press Enter to choose them',
  'intake.drop_help': 'CSV, TSV, XLSX, XLS or ODS. Several files at once: a patients sheet plus optional labs, adverse_events, transfusions and dosing sheets. Several sites\' summaries (JSON) are pooled.',
  'intake.demo': 'Try the demo data',
  'intake.demo_csv': 'Demo CSV',
  'intake.demo_transfusions': 'Demo transfusions CSV',
  'intake.demo_dosing': 'Demo dosing CSV',
  'intake.demo_labs': 'Demo labs CSV',
  'intake.demo_xlsx': 'Demo XLSX',
  'intake.cancel': 'Cancel',
  'settings.title': 'Analysis settings',
  'settings.populations': 'Populations',
  'settings.apply_eligibility': 'Apply the eligibility criteria',
  'settings.min_age_years': 'Minimum age (years)',
  'settings.min_anc_per_ul': 'Minimum baseline ANC (/µL)',
  'settings.min_platelets_per_ul': 'Minimum baseline platelets (/µL)',
  'settings.evaluable_min_days': 'Fewer days on treatment than this with a response (or more with NE) gets a warning',
  'settings.tests': 'Tests and intervals',
  'settings.two_by_two_test': 'Test for 2×2 tables (Table 2, dose modification)',
  'settings.test.fisher': "Fisher's exact test, two-sided",
  'settings.test.chi_square': "Pearson's chi-square",
  'settings.test.chi_square_yates': "Pearson's chi-square with Yates' correction",
  'settings.confidence_level': 'Confidence level (%)',
  'settings.cut_points': 'Table 2 cut points',
  'settings.diagnosis_to_start_days': 'Diagnosis to start (days; ≥ vs <)',
  'settings.rbc_units_8wk': 'RBC units in 8 weeks (≤ vs >)',
  'settings.anc_per_ul': 'Baseline ANC (/µL; ≥ vs <)',
  'settings.platelets_per_ul': 'Baseline platelets (/µL; ≥ vs <)',
  'settings.thrombocytopenia_grade': 'Thrombocytopenia grade (≥ vs <)',
  'settings.reset': "Reset to the plan's defaults",
  'settings.sources': 'Recorded or derived values',
  'settings.response_source': 'Response (IWG 2000)',
  'settings.risk_source': 'IPSS and IPSS-R',
  'settings.toxicity_source': 'Hematologic toxicity grades (CTCAE v5.0)',
  'settings.source.recorded': 'As the sites recorded it',
  'settings.source.derived': 'Derived from the raw records',
  'settings.redcap_missing_codes': "A REDCap project's own missing-data codes, separated by commas (e.g. -999)",
  'report.title': 'Report',
  'report.json': 'Download report JSON',
  'report.xlsx': 'Download all tables (XLSX)',
  'report.docx': 'Download Word document (DOCX)',
  'report.print': 'Print',
  'report.raw_json': 'Report JSON',
  'claims.title': 'Check a published table',
  'claims.help': 'Choose a claims file (CSV: table, row, column, printed value) listing the figures a paper prints; each is looked up in this analysis and judged. The result is the last section of the report. The file stays on this computer.',
  'claims.choose': 'Choose a claims file (CSV)',
  'claims.example': 'Example: the seed paper’s claims',
  'claims.loaded': 'Checking {name} against this analysis.',
  'pool.title': 'Export site summary',
  'pool.help': 'For a multi-site study pooled without moving patient rows: the site summary holds the counts and value tallies every table is computed from, the settings and the Lenalyze version, and no patient rows, IDs or dates. The coordinating site drops all sites\' summaries on this page (or runs lenalyze pool) to get the pooled report.',
  'pool.site': 'Site label',
  'pool.threshold': 'List counts below',
  'pool.export': 'Export site summary',
  'pool.download': 'Download site summary (JSON)',
  'pool.ready': 'Site summary ready: read the note below, then download it.',
  'pool.none': 'No site summary: the files have errors that stop the analysis.',
  'pool.failed': 'The site summary could not be made: {error}',
  'template.title': 'CRF template and data dictionary',
  'template.intro': 'Collect data with the template, one row per patient; the dictionary says what every column means.',
  'template.xlsx': 'CRF template (XLSX)',
  'template.csv': 'CRF template (CSV)',
  'template.dictionary_csv': 'Data dictionary (CSV)',
  'template.redcap_csv': 'REDCap data dictionary (CSV)',
  'template.redcap_intro': 'Collecting in REDCap? Upload the REDCap data dictionary (Project Setup → Data Dictionary), enable labs, adverse_events, transfusions and dosing as repeating instruments, and drop the records export (CSV, raw or labels) here together with the project\'s data dictionary.',
  'template.show_dictionary': 'Show the data dictionary',
  'template.loading': 'Loading…',
  'footer.text': 'computes in WebAssembly in this tab; nothing is uploaded. Works offline after the first visit.',

  // Status line and progress
  'status.reading': 'Reading {files}…',
  'status.loading_demo': 'Loading the demo data…',
  'status.demo_failed': 'The demo data could not be loaded: {error}',
  'status.starting': 'Starting the analysis engine…',
  'status.engine_failed': 'The analysis engine could not start: {error}',
  'status.analyzed.one': 'Analyzed {n} patients ({warnings} warning).',
  'status.analyzed.other': 'Analyzed {n} patients ({warnings} warnings).',
  'status.needs_fixing.one': 'The files need fixing first: {errors} error (see the data check below).',
  'status.needs_fixing.other': 'The files need fixing first: {errors} errors (see the data check below).',
  'status.failed': 'Lenalyze could not analyze these files: {error}',
  'status.file_too_large': '{name} is {size} MB; the page can read files of up to {limit} MB. Analyze it with the command-line program, or split it (for example one file per site) and analyze the parts one at a time.',
  'status.files_too_large': 'These files are {size} MB together; the page can read up to {limit} MB at once. Analyze fewer files at a time, or use the command-line program.',
  'status.cancelled': 'Cancelled. Choose files again to start over.',
  'status.export_cancelled': 'Cancelled.',
  'status.downloaded': 'Downloaded {name}.',
  'status.export_failed': 'The {format} export failed: {error}',
  'status.working': 'Working…',
  'stage.reading': 'Reading the files… {percent} %',
  'stage.loading': 'Loading the analysis engine…',
  'stage.loading-workbook': 'Loading the workbook reader…',
  'stage.loading-encodings': 'Loading the reader for this file’s text encoding…',
  'stage.analyzing': 'Analyzing…',
  'stage.exporting': 'Building the document…',

  // Errors the Worker reports
  'error.worker_stopped': 'the analysis worker stopped',
  'error.internal': 'Lenalyze stopped on an internal error; please report it with the file that caused it. ({detail})',
  'error.unknown_export': 'unknown export format {format}',
  'error.file_changed': '{name} changed while it was being read; choose it again.',
  'error.file_unreadable': 'Could not read {name} ({error}); choose it again.',
  'error.export_unavailable': '{format} export is not available in this build',

  // Settings form
  'settings.out_of_range': '“{label}” must be between {min} and {max}; the last valid settings stay in use.',
  'settings.not_a_number': '“{label}” must be a number; the last valid settings stay in use.',
  'settings.invalid': 'A setting is out of range; the last valid settings stay in use.',
  'settings.invalid_codes': '“{label}”: a code holds only letters, digits, dots, dashes and underscores; the last valid settings stay in use.',
  'settings.differ': 'Settings differ from the analysis plan; the report records them.',

  // Report chrome
  'report.files': 'Files: {files}',
  'report.lang_fallback': 'The report is shown in English: this version of the analysis engine has no report text in the language of the page.',
  'report.toc': 'Report sections',
  'table.csv': 'Download CSV',
  'table.csv_label': 'Download CSV of {name}',
  'table.show_all': 'Show all {n} rows',
  'table.show_all_label': 'Show all {n} rows of {name}',
  'table.showing': 'Showing the first {shown} of {total} rows.',
  'figure.svg': 'Download SVG',
  'figure.png': 'Download PNG',
  'figure.svg_label': 'Download SVG of {name}',
  'figure.png_label': 'Download PNG of {name}',
  'figure.draw_failed': 'the figure could not be drawn',
  'figure.png_failed': 'PNG encoding failed',

  // Data dictionary
  'dictionary.caption': 'Data dictionary: {n} columns of the CRF',
  'dictionary.short': 'Data dictionary',
  'dictionary.column': 'Column',
  'dictionary.sheet': 'Sheet',
  'dictionary.type': 'Type',
  'dictionary.required': 'Required',
  'dictionary.unit': 'Unit',
  'dictionary.meaning': 'Meaning',
  'dictionary.allowed': 'Allowed values',
  'dictionary.also': 'Also accepted headers',
  'dictionary.note': 'The same dictionary as a spreadsheet: data-dictionary.csv above.',
  'dictionary.unavailable': 'The data dictionary is not available in this copy of Lenalyze.',
};

/** @typedef {keyof typeof en} MessageKey */

/**
 * 한국어: what a study coordinator at a Korean hospital reads. Instructions
 * in 합니다/하십시오체; the medical terms of the core's Korean catalogue
 * (locales/ko.txt, docs/glossary-ko.md): 골수이형성증후군(MDS), 레날리도마이드,
 * 적혈구 수혈 비의존(RBC-TI), 증례기록서(CRF), 기저 ANC, 반응 평가 가능군;
 * file formats, abbreviations and the CRF's sheet names stay as written.
 * @type {Record<MessageKey, string>}
 */
export const ko = {
  // index.html
  'page.title': 'Lenalyze — del(5q) 골수이형성증후군(MDS) 레날리도마이드 치료 분석, 브라우저에서',
  'page.skip': '본문으로 건너뛰기',
  'page.tagline': '증례기록서(CRF) 파일에서, 저위험이면서 적혈구 수혈에 의존하는 del(5q) 골수이형성증후군(MDS) 환자의 레날리도마이드 치료에 관한 후향적 연구의 표를 만듭니다.',
  'page.privacy': '파일은 이 컴퓨터 밖으로 전송되지 않습니다.',
  'page.privacy_detail': '모든 계산은 이 페이지 안에서 이루어집니다.',
  'lang.label': '언어',
  'intake.title': '증례기록서 불러오기',
  'intake.drop': 'CRF 파일을 여기에 끌어다 놓거나, Enter 키를 눌러 선택하십시오',
  'intake.drop_help': 'CSV, TSV, XLSX, XLS 또는 ODS 파일. 여러 파일을 한 번에 넣을 수 있습니다: patients 시트와, 필요하면 labs, adverse_events, transfusions, dosing 시트. 여러 기관의 JSON 요약은 합칩니다.',
  'intake.demo': '예시 데이터로 실행해 보기',
  'intake.demo_csv': '예시 데이터 CSV',
  'intake.demo_transfusions': '예시 수혈 기록 CSV',
  'intake.demo_dosing': '예시 투약 기록 CSV',
  'intake.demo_labs': '예시 검사 기록 CSV',
  'intake.demo_xlsx': '예시 데이터 XLSX',
  'intake.cancel': '취소',
  'settings.title': '분석 설정',
  'settings.populations': '분석 대상군',
  'settings.apply_eligibility': '적격 기준 적용',
  'settings.min_age_years': '최소 연령 (세)',
  'settings.min_anc_per_ul': '기저 ANC 최솟값 (/µL)',
  'settings.min_platelets_per_ul': '기저 혈소판 수 최솟값 (/µL)',
  'settings.evaluable_min_days': '투약 일수 기준: 이보다 짧은데 반응이 있거나, 이보다 긴데 평가 불가(NE) 상태이면 경고합니다',
  'settings.tests': '검정과 신뢰구간',
  'settings.two_by_two_test': '2×2 표의 검정 (표 2, 용량 조절)',
  'settings.test.fisher': 'Fisher의 정확검정, 양측',
  'settings.test.chi_square': 'Pearson 카이제곱 검정',
  'settings.test.chi_square_yates': 'Yates 연속성 보정을 적용한 Pearson 카이제곱 검정',
  'settings.confidence_level': '신뢰수준 (%)',
  'settings.cut_points': '표 2의 구분 기준값',
  'settings.diagnosis_to_start_days': 'MDS 진단부터 레날리도마이드 시작까지 (일; ≥\u00a0대\u00a0<)',
  'settings.rbc_units_8wk': '8주간 적혈구 수혈 단위 수 (≤\u00a0대\u00a0>)',
  'settings.anc_per_ul': '기저 ANC (/µL; ≥\u00a0대\u00a0<)',
  'settings.platelets_per_ul': '기저 혈소판 수 (/µL; ≥\u00a0대\u00a0<)',
  'settings.thrombocytopenia_grade': '혈소판 감소증 등급 (≥\u00a0대\u00a0<)',
  'settings.reset': '분석 계획의 기본값으로 되돌리기',
  'settings.sources': '기록값 또는 유도값',
  'settings.response_source': '반응 (IWG 2000)',
  'settings.risk_source': 'IPSS와 IPSS-R',
  'settings.toxicity_source': '혈액학적 독성 등급 (CTCAE v5.0)',
  'settings.source.recorded': '각 기관이 기록한 값',
  'settings.source.derived': '원자료에서 유도한 값',
  'settings.redcap_missing_codes': 'REDCap 프로젝트 고유의 결측 코드, 쉼표로 구분 (예: -999)',
  'report.title': '보고서',
  'report.json': '보고서 JSON 내려받기',
  'report.xlsx': '모든 표 내려받기 (XLSX)',
  'report.docx': 'Word 문서 내려받기 (DOCX)',
  'report.print': '인쇄',
  'report.raw_json': '보고서 JSON',
  'claims.title': '출판된 표 검증',
  'claims.help': '논문에 인쇄된 수치를 나열한 claims 파일을 고르면(CSV 열: table, row, column, printed) 각 수치를 이 분석에서 찾아 판정합니다. 결과는 보고서의 마지막 절에 있습니다. 파일은 이 컴퓨터를 떠나지 않습니다.',
  'claims.choose': 'claims 파일 고르기 (CSV)',
  'claims.example': '예시: 원 논문의 claims 파일',
  'claims.loaded': '{name}을(를) 이 분석과 대조하고 있습니다.',
  'pool.title': '기관 요약 내보내기',
  'pool.help': '환자 행을 옮기지 않고 합치는 다기관 연구용: 기관 요약에는 모든 표를 계산하는 수와 값별 빈도, 설정, Lenalyze 버전이 들어 있으며 환자 행, 환자 식별번호, 날짜는 없습니다. 주관 기관은 모든 기관의 요약을 이 페이지에 놓거나 명령줄 도구로 합쳐 연구 전체 보고서를 얻습니다.',
  'pool.site': '기관 이름',
  'pool.threshold': '이 수 미만을 표시',
  'pool.export': '기관 요약 내보내기',
  'pool.download': '기관 요약 내려받기 (JSON)',
  'pool.ready': '기관 요약이 준비되었습니다. 아래 안내를 읽은 뒤 내려받으십시오.',
  'pool.none': '기관 요약을 만들지 못했습니다: 파일에 분석을 멈추는 오류가 있습니다.',
  'pool.failed': '기관 요약을 만들 수 없습니다: {error}',
  'template.title': 'CRF 양식과 데이터 사전',
  'template.intro': '양식에 환자 한 명당 한 행씩 데이터를 기록하십시오. 데이터 사전에 각 열의 의미가 있습니다.',
  'template.xlsx': 'CRF 양식 (XLSX)',
  'template.csv': 'CRF 양식 (CSV)',
  'template.dictionary_csv': '데이터 사전 (CSV)',
  'template.redcap_csv': 'REDCap 데이터 사전 (CSV)',
  'template.redcap_intro': 'REDCap으로 수집하십니까? REDCap 데이터 사전을 올리고(Project Setup → Data Dictionary) labs, adverse_events, transfusions, dosing을 반복 instrument로 설정한 뒤, raw 또는 labels 형식의 기록 내보내기 CSV 파일을 프로젝트의 데이터 사전과 함께 여기에 끌어다 놓으십시오.',
  'template.show_dictionary': '데이터 사전 보기',
  'template.loading': '불러오는 중…',
  'footer.text': '이 탭 안에서 WebAssembly로 계산하며, 아무것도 업로드하지 않습니다. 한 번 방문한 뒤에는 오프라인에서도 작동합니다.',

  // Status line and progress
  'status.reading': '{files} 읽는 중…',
  'status.loading_demo': '예시 데이터를 불러오는 중…',
  'status.demo_failed': '예시 데이터를 불러오지 못했습니다: {error}',
  'status.starting': '분석 엔진을 시작하는 중…',
  'status.engine_failed': '분석 엔진을 시작하지 못했습니다: {error}',
  'status.analyzed.one': '환자 {n}명을 분석했습니다 (경고 {warnings}건).',
  'status.analyzed.other': '환자 {n}명을 분석했습니다 (경고 {warnings}건).',
  'status.needs_fixing.one': '먼저 파일을 수정해야 합니다: 오류 {errors}건 (아래 데이터 점검 참조).',
  'status.needs_fixing.other': '먼저 파일을 수정해야 합니다: 오류 {errors}건 (아래 데이터 점검 참조).',
  'status.failed': '이 파일을 분석하지 못했습니다: {error}',
  'status.file_too_large': '{name}의 크기는 {size} MB입니다. 이 페이지는 {limit} MB까지의 파일만 읽을 수 있습니다. 명령줄 프로그램으로 분석하거나, 파일을 나누어(예: 기관별로 하나씩) 하나씩 분석하십시오.',
  'status.files_too_large': '파일을 합친 크기가 {size} MB입니다. 이 페이지는 한 번에 {limit} MB까지 읽을 수 있습니다. 한 번에 더 적은 파일을 분석하거나 명령줄 프로그램을 사용하십시오.',
  'status.cancelled': '취소했습니다. 처음부터 하려면 파일을 다시 선택하십시오.',
  'status.export_cancelled': '취소했습니다.',
  'status.downloaded': '내려받았습니다: {name}',
  'status.export_failed': '{format} 내보내기에 실패했습니다: {error}',
  'status.working': '처리 중…',
  'stage.reading': '파일을 읽는 중… {percent}%',
  'stage.loading': '분석 엔진을 불러오는 중…',
  'stage.loading-workbook': '스프레드시트 판독기를 불러오는 중…',
  'stage.loading-encodings': '이 파일의 문자 인코딩 판독기를 불러오는 중…',
  'stage.analyzing': '분석 중…',
  'stage.exporting': '문서를 만드는 중…',

  // Errors the Worker reports
  'error.worker_stopped': '분석 작업이 중단되었습니다',
  'error.internal': 'Lenalyze가 내부 오류로 멈췄습니다. 이 오류를 일으킨 파일과 함께 알려 주십시오. ({detail})',
  'error.unknown_export': '알 수 없는 내보내기 형식: {format}',
  'error.file_changed': '{name} 파일이 읽는 도중 바뀌었습니다. 다시 선택해 주십시오.',
  'error.file_unreadable': '{name} 파일을 읽지 못했습니다({error}). 다시 선택해 주십시오.',
  'error.export_unavailable': '이 빌드에서는 {format} 내보내기를 사용할 수 없습니다',

  // Settings form
  'settings.out_of_range': '“{label}” 값은 {min}에서 {max} 사이여야 합니다. 마지막으로 유효했던 설정을 계속 사용합니다.',
  'settings.not_a_number': '“{label}” 값은 숫자여야 합니다. 마지막으로 유효했던 설정을 계속 사용합니다.',
  'settings.invalid': '범위를 벗어난 설정이 있습니다. 마지막으로 유효했던 설정을 계속 사용합니다.',
  'settings.invalid_codes': '“{label}”: 코드에는 영문자, 숫자, 마침표, 하이픈, 밑줄만 쓸 수 있습니다. 마지막으로 유효했던 설정을 계속 사용합니다.',
  'settings.differ': '설정이 분석 계획과 다릅니다. 사용한 설정은 보고서에 기록됩니다.',

  // Report chrome
  'report.files': '파일: {files}',
  'report.lang_fallback': '이 버전의 분석 엔진에는 한국어 보고서 문구가 없어, 보고서를 영어로 표시합니다.',
  'report.toc': '보고서 목차',
  'table.csv': 'CSV 내려받기',
  'table.csv_label': '{name} CSV 내려받기',
  'table.show_all': '{n}행 모두 보기',
  'table.show_all_label': '{name}의 {n}행 모두 보기',
  'table.showing': '전체 {total}행 중 처음 {shown}행을 표시합니다.',
  'figure.svg': 'SVG 내려받기',
  'figure.png': 'PNG 내려받기',
  'figure.svg_label': '{name} SVG 내려받기',
  'figure.png_label': '{name} PNG 내려받기',
  'figure.draw_failed': '그림을 그리지 못했습니다',
  'figure.png_failed': 'PNG 변환에 실패했습니다',

  // Data dictionary
  'dictionary.caption': '데이터 사전: CRF의 열 {n}개',
  'dictionary.short': '데이터 사전',
  'dictionary.column': '열',
  'dictionary.sheet': '시트',
  'dictionary.type': '형식',
  'dictionary.required': '필수',
  'dictionary.unit': '단위',
  'dictionary.meaning': '의미',
  'dictionary.allowed': '허용 값',
  'dictionary.also': '함께 인식하는 머리글',
  'dictionary.note': '같은 데이터 사전을 스프레드시트로 받으려면 위의 “데이터 사전 (CSV)” 링크를 이용하십시오.',
  'dictionary.unavailable': '이 Lenalyze 사본에는 데이터 사전이 없습니다.',
};

/** A language the page speaks: a BCP 47 primary tag. */
/** @typedef {'en' | 'ko'} Lang */

/** Every language the page speaks, with its table; each has exactly the keys of `en`. */
export const CATALOGUES = /** @type {Record<Lang, Record<MessageKey, string>>} */ ({ en, ko });

/** The languages, English first (the fallback). */
export const LANGS = /** @type {Lang[]} */ (Object.keys(CATALOGUES));

/** The language of the page and of every text the core lays out: the one place that holds it. */
let current = /** @type {Lang} */ ('en');

/** The language in use. @returns {Lang} */
export function getLang() {
  return current;
}

/**
 * Switches the language of `t` and `tn` (the page then re-applies its texts).
 * @param {Lang} lang
 */
export function setLang(lang) {
  current = lang;
}

/**
 * True for a language the page speaks.
 * @param {unknown} tag
 * @returns {tag is Lang}
 */
export function isLang(tag) {
  return typeof tag === 'string' && Object.hasOwn(CATALOGUES, tag);
}

/**
 * The language for a browser's preferences (`navigator.languages`): the
 * first one the page speaks, by its primary subtag (`ko-KR` → `ko`);
 * English when none is.
 * @param {readonly string[]} preferences
 * @returns {Lang}
 */
export function pickLang(preferences) {
  for (const tag of preferences) {
    const primary = tag.split(/[-_]/)[0].toLowerCase();
    if (isLang(primary)) return primary;
  }
  return 'en';
}

/**
 * The language a URL hash names (`#lang=ko`, `#settings=…&lang=ko`); null
 * when it names none the page speaks.
 * @param {string} hash
 * @returns {Lang | null}
 */
export function langFromHash(hash) {
  const match = /(?:^#|&)lang=([^&]*)/.exec(hash);
  if (!match) return null;
  let tag = '';
  try {
    tag = decodeURIComponent(match[1]).toLowerCase();
  } catch {
    return null;
  }
  return isLang(tag) ? tag : null;
}

/**
 * A text of the page with its {placeholders} filled in.
 * @param {MessageKey} key
 * @param {Record<string, string | number>} [params]
 * @returns {string}
 */
export function t(key, params = {}) {
  const text = CATALOGUES[current][key] ?? en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/**
 * A text that depends on a count: `key.one` for 1, `key.other` otherwise.
 * @param {'status.analyzed' | 'status.needs_fixing'} key
 * @param {number} n
 * @param {Record<string, string | number>} [params]
 */
export function tn(key, n, params = {}) {
  return t(/** @type {MessageKey} */ (`${key}.${n === 1 ? 'one' : 'other'}`), params);
}

/**
 * Sets the static texts of a document from the table: `data-i18n` (text),
 * `data-i18n-aria-label` and `data-i18n-title` (attributes).
 * @param {ParentNode} root
 */
export function applyStatic(root) {
  for (const node of root.querySelectorAll('[data-i18n]')) {
    node.textContent = t(/** @type {MessageKey} */ (node.getAttribute('data-i18n')));
  }
  for (const attr of ['aria-label', 'title']) {
    for (const node of root.querySelectorAll(`[data-i18n-${attr}]`)) {
      node.setAttribute(attr, t(/** @type {MessageKey} */ (node.getAttribute(`data-i18n-${attr}`))));
    }
  }
}
