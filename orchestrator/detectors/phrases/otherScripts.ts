// Vocabulary for Russian, Chinese, Japanese and Arabic, which the word patterns cannot read:
// Chinese and Japanese write no spaces, and Russian and Arabic inflect and attach prefixes. So
// words here are stems matched inside the text's letters run together (see scriptPhrases.ts),
// and a phrase is two kinds of word close together, not a word sequence. Verbs are imperatives
// ("забудь", not "забыл"): a customer says the bank ignored a rule, an attacker tells the reader to.
// Arabic writes the imperative "تجاهل" as the past ("the bank ignored my request"), so it counts
// only with what it is told to ignore. A verification message or code is left out of the controls: "ignore the earlier code" is fair.
// Spaces in an entry are dropped when it is compiled.

export const SCRIPT_WORD_KINDS = [
  /** Tell the reader not to follow something: ignore, disregard, forget. */
  'ignore',
  /** Switch a control off: bypass, skip, disable, lift. */
  'bypass',
  /** What the agents are bound by: instructions, rules, checks, limits. */
  'control',
  /** Everything said before: the reader's setup as a whole. */
  'everythingBefore',
  /** Copy out or show. */
  'reveal',
  /** The model's own setup: system prompt, hidden or initial instructions. */
  'setup',
  /** A new identity for the reader: you are now, pretend, play the role. */
  'persona',
  /** Free of any limits. */
  'unbound',
  /** A privileged mode of the model. */
  'privilegedMode',
  /** A mode that licenses tests on the model: maintenance, diagnostics. */
  'testMode',
  /** Switch on or enter. */
  'enable',
  /** Without review or verification. */
  'unreviewed',
  /** An action on money or a case: approve, transfer, release. */
  'action',
  /** The reading model addressed: "for the AI", "AI assistant". */
  'addressee',
  /** Tell the reader not to pass something on: do not send, flag, report or tell. */
  'withhold',
  /** The writer's own orders: my instructions, listen to me. */
  'mine',
  /** Not the bank's, or instead of the bank. */
  'notTheBank',
  /** Mark or classify as. */
  'mark',
  /** Safe, legitimate, low risk. */
  'safe',
] as const;

export type ScriptWordKind = (typeof SCRIPT_WORD_KINDS)[number];

// prettier-ignore
export const SCRIPT_WORDS: Readonly<Record<ScriptWordKind, readonly string[]>> = {
  ignore: [
    'игнорируй', 'проигнорируй', 'не обращай внимани', 'не обращайте внимани', 'забудь', 'не следуй', 'не соблюдай',
    'не выполняй', 'отбрось', 'пренебреги',
    '忽略', '忽視', '忽视', '无视', '無視', '不要理会', '不要理會', '不要遵守', '别遵守', '不必遵守', '不用遵守', '不再遵守',
    '抛开', '拋開', '撇开', '忘掉',
    '無視して', '忘れて', '忘れろ', '忘れなさい', '従わないで', '従うな',
    'تجاهل جميع', 'تجاهل كل', 'تجاهل التعليمات', 'تجاهل القواعد', 'تجاهل اي', 'تجاهلوا', 'لا تتبع', 'لا تلتزم', 'اهمل', 'انسى كل', 'انس كل',
  ],
  bypass: [
    'обойди', 'обойдите', 'обход', 'пропусти', 'отключи', 'отмени', 'сними',
    '绕过', '繞過', '跳过', '跳過', '禁用', '停用', '关掉', '解除',
    '回避して', '迂回', 'スキップ', '無効に', '無効化', 'オフに', '省略して',
    'تجاوز', 'تخط', 'عطل', 'اوقف',
  ],
  control: [
    'инструкци', 'указани', 'правила', 'правило', 'правилам', 'ограничени', 'проверк', 'комплаенс', 'политик',
    'директив', 'запрет', 'фильтр', 'контрол', 'верификац', 'модераци',
    '指令', '指示', '规则', '規則', '规定', '規定', '限制', '审核', '審核', '审查', '審查', '检查', '檢查', '合规', '合規',
    '风控', '風控', '安全措施', '政策',
    'ルール', '制限', '制約', '審査', 'チェック', '検証', 'ガイドライン', 'ポリシー', '命令',
    'تعليمات', 'قواعد', 'قيود', 'مراجعة', 'فحص', 'تدقيق', 'الفحوصات', 'ضوابط', 'رقابة', 'سياسات', 'امتثال', 'توجيهات', 'اوامر',
  ],
  everythingBefore: [
    'все выше', 'всё выше', 'все предыдущ', 'все прежн', 'все что было', 'все ранее',
    '以上所有', '以上全部', '以上内容', '以上的所有', '之前的一切', '之前所有', '之前的所有', '先前所有', '上面的所有',
    '所有之前', '所有先前', '一切',
    '以上のすべて', 'これまでのすべて', '上記のすべて', '以前のすべて', 'すべての以前',
    'كل ما سبق', 'ما سبق', 'كل شيء سابق',
  ],
  reveal: [
    'покажи', 'выведи', 'раскрой', 'напечатай', 'повтори', 'скажи', 'перечисли', 'процитируй', 'скопируй', 'дословно',
    '显示', '顯示', '告诉我', '告訴我', '输出', '輸出', '打印', '透露', '泄露', '洩露', '展示', '列出', '复述', '複述',
    '重复', '重複', '逐字',
    '表示して', '教えて', '出力', '見せて', '繰り返', '開示', '書き出', '一字一句',
    'اعرض', 'اكشف', 'اظهر', 'اطبع', 'اخبرني', 'كرر', 'انسخ', 'شارك',
  ],
  setup: [
    'системный промпт', 'системного промпта', 'системный промт', 'системную подсказку', 'системные инструкци',
    'системных инструкци', 'скрытые инструкци', 'скрытых инструкци', 'исходные инструкци', 'первоначальные инструкци',
    'промпт', 'промт',
    '系统提示', '系統提示', '提示词', '提示詞', '系统指令', '系統指令', '系统消息', '系統消息', '隐藏指令', '隱藏指令',
    '初始指令', '原始指令', '系统设定', '系統設定',
    'システムプロンプト', 'プロンプト', 'システム指示', '隠された指示', '初期指示', '元の指示', 'システムメッセージ',
    'موجه النظام', 'تعليمات النظام', 'رسالة النظام', 'التعليمات المخفية', 'تعليماتك الاصلية', 'تعليماتك الاولية',
    'البرومبت',
  ],
  persona: [
    'теперь ты', 'ты теперь', 'отныне ты', 'ты больше не', 'представь что ты', 'притворись', 'сыграй роль',
    '你现在是', '你現在是', '从现在开始你', '從現在開始你', '扮演', '假装你', '假裝你', '你不再是', '角色扮演',
    'あなたは今', '今からあなたは', 'これからあなたは', 'ふりをして', '演じて', 'ロールプレイ', 'あなたはもう',
    'انت الان', 'تظاهر', 'تقمص', 'العب دور', 'لم تعد',
  ],
  unbound: [
    'без ограничений', 'без правил', 'без фильтров', 'без цензуры', 'без проверок',
    '没有限制', '沒有限制', '没有任何限制', '沒有任何限制', '不受限制', '不受任何', '无限制', '無限制', '无任何限制',
    '制限なし', '制限のない', '制約のない', 'ルールなし', '制限を受けない', '縛られない', '縛られず', '制限されない',
    'بدون قيود', 'بلا قيود', 'دون قيود', 'بلا حدود', 'دون اي قيود',
  ],
  privilegedMode: [
    'режим разработчика', 'режим отладки', 'режим администратора', 'режим бога',
    '开发者模式', '開發者模式', '开发模式', '開發模式', '调试模式', '調試模式', '管理员模式', '管理員模式', '上帝模式',
    '開発者モード', 'デバッグモード', '管理者モード',
    'وضع المطور', 'وضع التصحيح', 'وضع المسؤول',
  ],
  testMode: [
    'режим обслуживания', 'режим диагностики', 'тестовый режим', 'диагностическ',
    '维护模式', '維護模式', '诊断模式', '診斷模式', '测试模式', '測試模式',
    'メンテナンスモード', '診断モード', 'テストモード',
    'وضع الصيانة', 'وضع التشخيص', 'وضع الاختبار',
  ],
  enable: [
    'включи', 'активируй', 'перейди в', 'войди в',
    '激活', '启用', '啟用', '开启', '開啟', '进入', '進入', '切换到', '切換到',
    '有効に', '有効化', '起動', '切り替え', '入って',
    'قم بتفعيل', 'فعل وضع', 'تفعيل وضع', 'ادخل وضع', 'انتقل الى وضع',
  ],
  unreviewed: [
    'без проверки', 'без проверок', 'без одобрения', 'без согласования', 'без рассмотрения', 'без верификации',
    'без контроля',
    '无需审核', '無需審核', '不经审核', '不經審核', '无需审批', '無需審批', '不经审批', '無需驗證', '无需验证', '无需核实',
    '免审', '免審', '无需确认', '無需確認', '不需要审核', '不用审核', '直接批准', '直接放行',
    '審査なし', '審査せず', '確認なし', '確認せず', '承認なしで', '検証なし', 'チェックなし', '審査を省略', 'そのまま承認', 'そのまま通して',
    'دون مراجعة', 'دون المراجعة', 'دون تحقق', 'دون التحقق', 'دون موافقة', 'دون فحص',
  ],
  action: [
    'одобр', 'утверд', 'переведи', 'переведите', 'отправь', 'разреши', 'выполни', 'проведи',
    '批准', '放行', '转账', '轉帳', '轉賬', '汇款', '匯款', '执行', '執行', '核准',
    '承認', '送金', '振込', '振り込', '実行', '許可',
    'وافق', 'اعتمد', 'قم بتحويل', 'حول المبلغ', 'ارسل المبلغ', 'ارسل الاموال', 'نفذ',
  ],
  addressee: [
    'для ии', 'привет ии', 'эй ии', 'уважаемый ии', 'ии помощник', 'ии модель', 'ии агент', 'ии ассистент', 'нейросеть', 'ассистенту', 'модели ии', 'языковой модели',
    'ai助手', 'ai代理', '人工智能', '智能助手', '审核模型', '審核模型', '致ai', '给ai', '給ai',
    'aiへ', 'aiアシスタント', 'アシスタントへ', '審査モデル', 'aiエージェント',
    'الى الذكاء الاصطناعي', 'الذكاء الاصطناعي', 'المساعد الالي', 'ايها النموذج', 'ايها المساعد',
  ],
  withhold: [
    'не отправляй', 'не передавай', 'не помечай', 'не сообщай', 'не эскалируй', 'не уведомляй',
    '不要发送', '不要發送', '不要提交', '不要标记', '不要標記', '不要上报', '不要上報', '不要通知', '不要告诉', '不要告訴',
    '别告诉', '不要转交', '不要轉交',
    '送らないで', '報告しないで', '通知しないで', '回さないで', '知らせないで',
    'لا ترسل', 'لا تبلغ', 'لا تحيل', 'لا تخبر',
  ],
  mine: [
    'мои указания', 'мои инструкции', 'мои команды', 'мои правила', 'слушай меня', 'только меня',
    '我的指示', '我的指令', '我的命令', '听我的', '聽我的', '只听我', '只聽我',
    '私の指示', '私の命令', '私だけに従',
    'تعليماتي', 'اوامري',
  ],
  notTheBank: [
    'а не банк', 'не указания банка', 'не инструкции банка', 'вместо банка', 'вместо указаний банка',
    '不要听银行', '不要聽銀行', '而不是银行', '而不是銀行', '不听银行', '不聽銀行', '别听银行', '不是银行的',
    '銀行ではなく', '銀行の指示ではなく', '銀行より',
    'وليس تعليمات البنك', 'وليس البنك', 'لا البنك', 'بدلا من البنك', 'بدل البنك',
  ],
  mark: [
    'пометь', 'отметь', 'классифицируй', 'помечай',
    '标记为', '標記為', '归类为', '歸類為', '视为', '視為', '标为', '標為',
    'としてマーク', 'とマーク', 'と判定', 'として分類',
    'ضع علامة', 'صنف',
  ],
  safe: [
    'безопасн', 'легитимн', 'одобренн', 'надежн',
    '安全', '合法', '正常', '可信', '低风险', '低風險', '無害', '正当', '低リスク',
    'امن', 'شرعي', 'موثوق',
  ],
};

/** Which phrase rule (see the catalogue in index.ts) two kinds close together stand for; one kind alone for some. */
export interface ScriptPhrase {
  readonly rule: string;
  readonly kinds: readonly [ScriptWordKind] | readonly [ScriptWordKind, ScriptWordKind];
}

export const SCRIPT_PHRASES: readonly ScriptPhrase[] = [
  { rule: 'override-instructions', kinds: ['ignore', 'control'] },
  { rule: 'override-instructions', kinds: ['ignore', 'setup'] },
  { rule: 'ignore-everything-before', kinds: ['ignore', 'everythingBefore'] },
  { rule: 'bypass-controls', kinds: ['bypass', 'control'] },
  { rule: 'without-controls', kinds: ['bypass', 'action'] },
  { rule: 'reveal-system-prompt', kinds: ['reveal', 'setup'] },
  { rule: 'system-prompt-mention', kinds: ['setup'] },
  { rule: 'you-are-now', kinds: ['persona'] },
  { rule: 'rogue-persona', kinds: ['persona', 'unbound'] },
  { rule: 'unrestricted', kinds: ['unbound'] },
  { rule: 'developer-mode', kinds: ['privilegedMode'] },
  { rule: 'enable-developer-mode', kinds: ['enable', 'privilegedMode'] },
  { rule: 'diagnostic-framing', kinds: ['testMode'] },
  { rule: 'approve-without-review', kinds: ['unreviewed', 'action'] },
  { rule: 'without-controls', kinds: ['unreviewed'] },
  { rule: 'mark-as-safe', kinds: ['mark', 'safe'] },
  { rule: 'allegiance-switch', kinds: ['mine', 'notTheBank'] },
  { rule: 'bypass-controls', kinds: ['withhold', 'control'] },
  { rule: 'keep-quiet', kinds: ['withhold', 'addressee'] },
  { rule: 'addressed-to-model', kinds: ['addressee', 'action'] },
  { rule: 'addressed-to-model', kinds: ['addressee', 'mark'] },
  { rule: 'addressed-to-model', kinds: ['addressee', 'ignore'] },
  { rule: 'addressed-to-model', kinds: ['addressee', 'bypass'] },
];
