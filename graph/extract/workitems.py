"""Work items: one (action, object) a report says was done, is under way, or is planned.

A work item is something one could check a year later: "完成东湖路大修" (completed), "柳溪河治理
正在推进" (ongoing), "力争青石村文化礼堂年底建成" (planned). Abstract statements (坚持…为指导,
加强党的建设, 提升治理能力) give none.

How the rules read a sentence (general report syntax and verb classes, never one report's names):

* The sentence is cut into clauses at , ; : ! ? (not inside brackets). A paragraph's opening
  heading ("持续深化村庄安全治理。": short, no figure, no name) is skipped.
* A clause's **action** is a word of the verb lexicons below (jieba's tokens; an adverb glued
  to the verb is allowed: 圆满完成, 积极开展, 新开工; a word jieba cuts in two is read whole:
  投|用, 拆墙|透绿). A modifying verb and the verb after it make one
  action (加快推进, 研究制定, 实现竣工 -> 竣工), and so do two verbs ending the clause (开工建设,
  投产运营, 签约落地, 主体完工). A verb inside a noun (安置房, 安全隐患排查整治的…) is no action.
  The first action is the head, unless a later one is the predicate after an adverb
  ("新建安置房一期已全面开工": 开工), or is a completion ending a clause whose subject is a noun
  phrase with verbs in it ("乙路改扩建工程完工", "农贸市场提升改造全面完成"), or ends a clause opened by 确保/实现/力争 ("确保新增违建
  动态清零": 清零) or by a verb of work under way ("推动甲园、乙中心等项目开园招商": 开园招商,
  under way). A light verb with nothing after it ("力争新签约项目50个": a target) gives none.
* The **object** is what follows the action up to the end of the clause, or up to a second
  action joined by 并/并且 (a second item: "完成停车场建设并投入使用"). Figures and counts
  ("390处", "9条", "两座") are taken out of its text. When nothing follows the action the object
  is the clause's subject ("东湖路改造工程已完工"); after 将/把 the object is the 将/把 phrase
  ("将柳溪河纳入整治范围"); a 对 phrase with a name or a count leads it ("投资200万元对东湖路进行
  改造" -> 东湖路改造, "对300家企业开展安全检查"); a subject naming an entity (or "A、B等N个X")
  leads the object of a short work phrase ("青石村文化礼堂正在进行外墙施工" -> 青石村文化礼堂外墙
  施工), and so does a subject naming a thing by its head ("二期工程完成招标"); a subject listing
  names gives one item per name ("甲社区、乙社区完成雨污分流改造"), unless it is counted ("甲村、
  乙村4个村") or an area around them ("甲路、乙路周边"). A second action after 并 with nothing after
  it acts on that subject ("…完成招标并进场施工"). A completion clause with neither ("…已开工,预计
  明年建成") takes the object of the clause before it in the sentence (its offsets are then those
  of that clause), unless its subject is an actor ("群众顺利入住"). A short work object of a clause
  with no subject that reports progress (正在, 已, 目前, 力争 …) is led by the thing of the clause
  before ("…已完成主体施工,正在进行内部装修" -> …内部装修), which stays the topic.
* A **list** under one verb gives one item per member, the work words after the last member
  shared ("完成东湖路、西湖路大修" -> 东湖路大修, 西湖路大修; "A、B两座污水处理站" -> A污水处理站,
  B污水处理站), and an entity leading the first member leads the later ones ("完成东湖路路面改造
  和路灯安装" -> 东湖路路灯安装). "A、B等N个X" is one item with its count; "A、B等X" is one item
  per member when the members are named, else one item; a list of short words (就业、创业) or
  of common nouns before one figure is one item, while members each with their own figure are
  items each ("新建主管网12公里、入户支管3200户"); a phase (二期) belongs to the last member and
  is not shared. A bracketed list of named members after the
  object gives one item per member ("推进3个小区改造(甲小区、乙小区、丙小区)"). A list is never
  cut inside an entity mention.
* An item is kept when its object is **concrete**: it names an entity (road, village, project,
  facility, parcel, waterway, community, organisation; not national bodies such as 区委); or the
  verb is a concrete one (拆除, 新建, 清理 …) on a non-abstract object; or the clause states a
  figure; or a general verb (实施, 推进, 做好 …) acts on a thing (…工程, …项目, …站, …管线, …系统
  before the work word, a phase set aside); or a name is in it ("柳溪河生态廊道建设"); or a
  document verb (制定, 编制 …) makes a plan, rule or ledger. An object ending in an abstract verb
  ("集体经济发展壮大", "成果巩固拓展") is not concrete. Abstract verbs (坚持, 加强, 深化 …) need a
  named object. Clauses that frame rather than report
  (以…为契机, 与…相结合, 为…提供, a negated verb, a problem statement) give none.
* **Status**: a plan part gives ``planned``; a review part ``completed``, or ``ongoing`` for
  work under way (推进, 加快, 开工, 启动, 正在), or ``planned`` for a forward-looking statement
  (预计, 力争, 争取, 计划, 拟, 即将, 年底前; not with 已 before the verb: "年底前已完成") or a
  later year.
* **Year**: a single year stated in the clause (not a range such as 2020-2024年), else the
  part's year; a forward-looking statement in a review part without a year: the report's year.
* **Quantities**: indexes, in the ``figures`` list given, of the figures inside the clause.

Only clauses holding an action word are read; they are found by one C-level pass over the token
texts, and each clause is read once from left to right, so the cost is linear in the text.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from itertools import compress, count
from operator import itemgetter

from .base import Figure, Mention
from .context import Context

# --------------------------------------------------------------------------- lexicons

# Verb classes, each with examples of its use:
#   complete : 完成老旧小区改造 / 东湖路改造工程已竣工 / 文化礼堂建成投用 / 签约项目 / 拆除违建
#   ongoing  : 推进柳溪河治理 / 加快东湖路建设 / 启动青石村搬迁 / 文化中心已开工
#   concrete : 新建污水处理站 / 改造老旧小区 / 清理河道 / 引进企业 / 打通断头路 / 发放补贴
#   document : 制定垃圾分类实施方案 / 编制东湖片区控规 / 建立危房台账
#   general  : 实施东湖路大修 / 开展执法检查 / 进行外墙施工 / 办理前期手续 (the work is in the object)
#   light    : 实现挂牌上市 / 确保道路完工 (gives way to a following action)
#   abstract : 坚持…为指导 / 加强党的建设 / 提升治理能力 (an item only with a named object)
COMPLETE_VERBS = """
完成 建成 竣工 完工 通车 投用 投运 投产 开园 开业 开馆 入住 入驻 交付 交付使用 投入使用 建成投用 建成投运 落成
签约 签订 拆除 拆迁 腾退 清零 清退 关停 取缔 查封 办结 落地 搬迁 迁移 封顶 通水 通电 通气 验收 达标
挂牌 上市 入市 交易 复耕 复绿 启用 运营 开放 贯通 竣工验收 整改 完成建设 结顶 合龙 通航 获批 创成 建成投产 并网 并网发电
揭牌 交房 开通 上线 落户 试运营 营业 移交 全线贯通 投入运营 投入运行
""".split()
ONGOING_VERBS = "推进 加快 推动 启动 开工 开工建设 动工 动建 续建 筹建 加快推进 加速 探索 谋划 进场施工".split()
CONCRETE_VERBS = """
新建 建设 改建 扩建 改扩建 新改建 重建 修建 兴建 配建 共建 改造 提升改造 整治 治理 清理 清运 清淤 疏浚 修缮 修复
硬化 绿化 亮化 美化 铺设 铺装 安装 加装 增设 设置 配备 更换 整修 维修 大修 拓宽 打通 新开 栽植 造林 补植 拆墙透绿
引进 引入 招引 新增 组建 成立 设立 检查 排查 摸排 梳理 消除 开办 举办 培训 发放 提供 帮扶 救助 安置 受理 解决
化解 处置 审计 检测 筛查 征收 征迁 收储 出让 划分 纳入 申获 创建 新办 增加 招商 开具 清劝 巡河 搭建 规划建设
新修 提档升级 走访 储备 施工 浇筑
""".split()
DOCUMENT_VERBS = "制定 制订 编制 出台 修订 印发 建立 研究编制 研究制定 建立健全 起草".split()
GENERAL_VERBS = "实施 开展 进行 做好 抓好 办好 组织开展 推行 实行 办理 推广 保障".split()
LIGHT_VERBS = "实现 确保 力争 争取 助力 配合".split()
ABSTRACT_VERBS = """
坚持 贯彻 落实 贯彻落实 聚焦 着眼 围绕 加强 强化 深化 优化 健全 完善 提高 提升 增强 巩固 维护 保持 发挥 营造 树立
弘扬 促进 统筹 夯实 筑牢 守住 坚守 紧抓 抓实 打好 打赢 激发 培育 壮大 释放 凝聚 引导 鼓励 支持 加大 严格
规范 压实 严守 牢记 拓展 补齐 提振 优化提升 推动形成 深入推进 持续深化 不断完善 不断提升 加快形成 逐步形成 形成
打造 构建
""".split()
# Verbs that modify the verb after them: "加快推进", "研究制定", "组织开展", "实现竣工", "确保完工".
MODIFIERS = frozenset("加快 加速 研究 组织 统筹 协调 配合 实现 确保 力争 争取 保障 启动 开工 持续 积极 全力 深入 初步 同步 继续 谋划".split())
LEADING_LIGHT = frozenset("实现 确保 力争 争取 保障".split())
# Adverbs glued to a verb in one jieba token: 圆满完成, 提前完成, 积极开展, 全面实施, 顺利实现.
GLUED_ADVERBS = "圆满 提前 超额 基本 全面 积极 顺利 加快 认真 扎实 有序 稳步 大力 全力 持续 深入 率先 逐步 如期 按期 不断 初步 继续 新".split()
# Adverbs before a predicate: the verb after them is the clause's predicate ("…一期已全面开工").
PREDICATE_ADVERBS = frozenset("已 已经 均已 均 正在 顺利 正式 陆续 全面 基本 全部 已于 如期 按期 已全面 率先".split())
# Words jieba tags as nouns or adjectives that act as adverbs before a verb.
ADVERB_WORDS = frozenset("基本 全面 全部 重点 集中 统一 及时 全力 着力 深入 认真 高标准 高质量 高品质 高水平 平稳 高效 有效 坚决 大力 率先 逐步".split())
NOUN_SUFFIXES = frozenset("房 站 点 场 厂 池 室 馆 所 库 费 款 率 量 员 户 线 网 队 会".split())  # 推进|会: a meeting
NOUN_HEADS = frozenset("工程 项目 工作 模式 机制 行动 任务 方案 计划 体系 行为 能力 水平 资金 面积 范围 领域 区域 成果 标准".split())
NOUNISH_TAGS = frozenset("n nz ns nr nt j i l vn an eng nrt nrfg ng".split())

ONGOING_WORDS = re.compile(r"正在|在建|施工中")
# Words of a clause reporting progress on the thing of the clause before: "…已完工,正在进行内部装修".
PROGRESS = re.compile(r"正在|目前|已|力争|预计|计划|确保")
FORWARD_WORDS = re.compile(r"预计|计划|力争|争取|拟|将于|将在|有望|年底前|下一步|即将")
DONE_BEFORE = re.compile(r"已(?:经|于|全面|基本|全部)?$")  # "2023年底前已完成": done, not forward-looking
# Clauses that frame the work rather than report it, or state a problem.
FRAMES = re.compile(r"为(?:契机|抓手|试点|指导|重点|主线|统领|核心|载体|引领|目标|突破口|切入点)|相结合|紧密结合|结合起来|"
                    r"工作中|离不开|尚未|仍未|没有|不够|不足|不强|不多|不高|不能|差距|短板|矛盾|依然|仍然|仍有|还需|有待")
FRAME_START = frozenset("为 面对 作为 立足 离 虽然 尽管 如果".split())
NEGATION = re.compile(r"未|不(?!断)|没|无")
CLAUSE_PREPOSITIONS = frozenset("对 在 以 从 按照 通过 结合 围绕 利用 依托 针对 按 依照 根据 借助 紧扣 坚持".split())


def _words(s: str) -> tuple[str, ...]:
    return tuple(sorted(set(s.split()), key=len, reverse=True))


# Head nouns of things one can count or visit (what precedes the work word: 管线建设, 停车场建设).
THING_HEADS = _words("""
工程 项目 站 场 馆 厂 园 房 楼 路 桥 街 巷 河 渠 沟 塘 堤 闸 井 管线 管网 管道 设施 系统 平台 中心 驿站 网点 车位 电梯
农田 土地 地块 厂房 厕所 公厕 学校 幼儿园 医院 卫生院 公园 广场 绿道 路灯 护栏 候车亭 充电桩 基站 数据库 台账 档案
方案 计划 手续 批复 罚单 案件 事项 企业 公司 商户 岗位 资金 补贴 证 线 点位 卡口 网格 墓穴 坟 大门 门禁 监控 探头
摄像头 灯 苗木 林 绿地 农房 危房 住房 公寓 控规 规划方案 设计 小区 安置点 安置区 廊道 干道 步道 隧道 码头 综合体 基地
核心区 片区 街区 景区 路面 堤防
""")
THING_SET = frozenset(THING_HEADS) | frozenset("道路 公路 项目建设 基础设施 园区 产业园区 企业 市场".split())
# Work words that follow a thing (东湖路|大修, 污水管网|建设): stripped to find the thing.
WORK_WORDS = _words("""
建设 工作 改造 提升 整治 治理 施工 安装 铺设 维修 大修 修缮 拓宽 绿化 美化 亮化 补植 复耕 拆除 搬迁 迁移 编制 批复
办理 招标 验收 审计 测绘 管护 运营 应用 及应用 清零 改建 扩建 新建 开工 竣工 完工 升级 提质 整修 更换 清淤 排查
任务 的 及 建设及应用 改扩建 提升改造 设计建设 翻新
""")
# Heads that name a quality or disposition: never a work item without a name.
QUALITY_HEADS = _words("""
意识 理念 精神 思想 能力 水平 作用 责任 效能 效率 效益 成效 成果 质量 品质 环境 秩序 要求 原则 导向 底线 红线 基础
态势 动能 短板 形象 活力 动力 合力 优势 势头 纪律 规矩 作风 方向 目标 战略 发展 改革 防控 领导 部署 决策 主线 契机
机遇 需求 诉求 期待 获得感 幸福感 安全感 满意度 覆盖 全覆盖 问题 风险 压力 挑战 困难 转变 转型 升级 条件 空间 事
理论 文明 政府 征程 率 时尚 效应 生态 面貌 局面 篇章 本领 思路 行为 进程 进度 步伐 氛围 格局 组合拳 拳 管理 服务 监管
保障 体验 意见 建议 工作 建设 水体 范围 分类
""")
# Heads of programmes and rules: an item with a document verb (制定考核办法), else not.
ABSTRACT_TAILS = frozenset(w for w in ABSTRACT_VERBS if len(w) == 2) | {"壮大", "增效", "发展", "振兴"}
PROGRAMME_HEADS = _words("机制 体制 体系 模式 办法 制度 政策 措施 行动 运动 规则 标准 流程 细则 方法 公约 规约")
INDICATOR_START = ("面积", "人数", "金额", "总额", "数量", "规模", "总量", "比例", "占比", "总数", "率", "总投资")
# Words that lead a clause or subject but are not part of what is named.
LEAD = re.compile(
    r"^(?:其中|同时|此外|另外|以及|并且|并|截至目前|截至年底|截至\d{4}年底|全年|全镇|全区|全县|全市|全乡|全街道|全村|我镇|"
    r"我区|我县|我市|我乡|我街道|今年|明年|年内|上半年|下半年|年底前|年底|当年|共|累计|同步|一是|二是|三是|四是|五是|首先|"
    r"其次|最后|预计|力争|争取|计划|拟|至少有|至少|\d{4}年(?:度|底|末|内)?(?:前|以前)?|\d{1,2}月(?:份|底|[上中下]旬)?(?:前|以前)?|(?:汛期|汛|春节|年底)前|了|对|各类|"
    r"各种|一批|一系列|所有|部分|全部|目前|[春夏秋冬]季|的|[,;:、 ])+")
# Trailing adverbs of a subject, written reversed (the pattern is matched on the reversed text).
_TRAIL_WORDS = _words("""
已经 已 均已 均 都 正式 顺利 全面 陆续 基本 正在 预计 力争 争取 计划 全部 如期 按期 按时 提前 基本上 圆满 将 拟 于年底 年底
年内 上半年 下半年 并 也 还 再 又 要 实现 确保 至少有 有 共 累计 同步 高标准 高质量 高品质 高水平 平稳高效 高效 有序 积极
大力 全力 进一步 持续 不断 继续 逐步 率先 重点 着力 切实 加快 及时 集中 统一 定期 深入 扎实 稳步 有效 坚决 主动 严格
完毕 动态 使用 年 月 月份 底 之内 内 年底前 月底前 年前 之前 前期 即将 双向 全线 春季 夏季 秋季 冬季 年初 年中 年末 目前 现已
""")
TRAIL_REV = re.compile("(?:" + "|".join(re.escape(w[::-1]) for w in _TRAIL_WORDS) + r"|\d|[,;:、 ])+")
WORK_REV = re.compile("(?:" + "|".join(re.escape(w[::-1]) for w in WORK_WORDS) + ")+")
TAIL_FUNCTION = ("的", "等", "了", "及", "和", "与", "、", "以及", "并", "工作")
# Counts and figures inside an object ("9条", "12座", "660余亩", "两座"): taken out of its text.
_UNIT_WORDS = "平方公里|平方米|立方米|公里|千米|公顷|万人次|人次|家次|个单元|个百分点"
_UNIT_CHARS = "个条座处所家户项名亩米吨件起辆套间栋幢台张棵株盏根块宗场次人元%部支口眼艘架只"
QUANTITY = re.compile(  # a phase (二期) is part of a name, 102期 is a count; 第二人民医院 is a name
    rf"(?:约|近|超过|超|逾|达)?(?<!第)(?:(?<![A-Za-z\d])\d+(?:\.\d+)?[万亿千百]?(?:余|多)?(?:{_UNIT_WORDS}|[{_UNIT_CHARS}期])(?<!项(?=目))"
    rf"|[两二三四五六七八九十百千][一二两三四五六七八九十百千]*(?:余|多)?(?:{_UNIT_WORDS}|[{_UNIT_CHARS}]))(?:以上|左右|余)?")
NUMERAL = re.compile(r"[\d两二三四五六七八九十百千]")
END_QUANTITY = re.compile("(?:" + QUANTITY.pattern + r")$")
STAT_TAIL = re.compile(r"^[^\d,;]{0,12}?(?:达|达到|为)?(?:约|近|超过)?\d+(?:\.\d+)?[万亿千]?(?:元|%|个百分点)(?:以上|左右)?$"
                       r"|^(?:达到?|为|约|近|超过)?\d+(?:\.\d+)?[万亿千]?(?:元|%)")
COUNTED_ETC = re.compile(r"等(?:各类|各种)?(?:\d+|[一二两三四五六七八九十百]+)(?:余|多)?[个条座处所家户项名块栋幢间套期类]")
COUNT_IN = re.compile(r"(?:\d+|[一二两三四五六七八九十百]+)(?:余|多)?[个条座处所家户项名块栋幢间套期类]")
PHASE = re.compile(r"(?:[一二三四五六七八九十]|\d{1,2})期$")
AROUND = ("区域", "一带", "沿线", "周边", "两侧", "两岸")  # "甲街、乙街区域": the area around the names
SUBJECT_COUNT = re.compile(r"(?:\d+|[一二两三四五六七八九十百]+)(?:余|多)?[个条座处所家户项名块栋幢间套类]")  # not 二期
YEAR_IN = re.compile(r"(?<![\d\-~])(20\d\d)年(?![\d\-~])")
LIST_SEP = re.compile(r"、|以及|及(?!时|其|早)|(?<![总共])和(?!谐)|与(?!时俱进)")
CLAUSE_MARKS = frozenset(",;:!?。")
PLACE_AFTER = re.compile(r"地区|工业区|片区|村(?![级民内庄集])|镇(?!级)|社区|组团|街道")  # not 新建|村级
CONCRETE_TYPES = frozenset("Road Village Project Facility LandParcel Waterway Community Organization".split())
# Subjects that are the actor, not what is acted on ("全镇完成…", "各村建成…").
SUBJECT_STOP = frozenset("""我们 各级 全体 群众 居民 村民 企业 干部 党员 辖区 镇域 区域 全镇 全区 全县 全市 全乡 我镇 我区
我县 我市 镇 区 县 市 乡 街道 各村 社区 村 全镇上下""".split())
# A paragraph's first sentence up to this long, without figures or names, followed by more: a heading.
HEADING_CHARS = 16


def _lookup() -> dict[str, tuple[str, int]]:
    """Return word -> (verb class, offset of the verb in the word) for every action word."""
    out: dict[str, tuple[str, int]] = {}
    for cls, words in (("abstract", ABSTRACT_VERBS), ("light", LIGHT_VERBS), ("general", GENERAL_VERBS),
                       ("document", DOCUMENT_VERBS), ("concrete", CONCRETE_VERBS), ("ongoing", ONGOING_VERBS),
                       ("complete", COMPLETE_VERBS)):
        for w in words:
            out[w] = (cls, 0)  # a later class wins: 开工 is ongoing
    for adv in GLUED_ADVERBS:
        for w, (cls, _) in list(out.items()):
            if len(w) <= 3 and adv + w not in out:
                out[adv + w] = (cls, len(adv))
    return out


VERBS = _lookup()
# First halves of action words jieba may cut in two (投|用, 新|修, 提档|升级): not action words themselves,
# nor adverbs (持续|深化 stays an adverb and a verb).
FIRST_PARTS = frozenset(w[:i] for w in VERBS if VERBS[w][1] == 0 for i in range(1, len(w))
                        if w[:i] not in VERBS and w[:i] not in GLUED_ADVERBS)
_ANY_PART = frozenset(VERBS) | FIRST_PARTS
_TEXT = itemgetter(2)


@dataclass(frozen=True)
class WorkItem:
    """One (action, object) of a sentence, with status, year and the figures of its clause.

    ``start``/``end`` span the clause; ``action_start``/``action_end`` the action as written
    ("推进", "开工建设"); ``object_start``/``object_end`` the object as written (for a list member
    the member alone, so the entity mention there is found by its offsets); ``object_text`` the
    object as named: the member with the work words the list shares ("东湖路大修"), without
    figures and counts. ``object_type`` is the type of the entity mention the object is or ends
    with (Road, Village, Project, Facility, LandParcel, Waterway, Community, Organization), else
    None. ``status`` is completed, ongoing or planned. ``quantities`` are indexes into the
    ``figures`` list given to :func:`extract_workitems` (the figures inside the clause).
    """

    start: int
    end: int
    action: str
    action_start: int
    action_end: int
    object_text: str
    object_start: int
    object_end: int
    object_type: str | None
    status: str
    year: int | None
    sentence: int
    quantities: tuple[int, ...] = ()


class _Names:
    """The entity mentions of one sentence, looked up by offsets."""

    __slots__ = ("ms", "starts")

    def __init__(self, mentions: list[Mention]):
        self.ms = sorted(mentions, key=lambda m: (m.start, -m.end)) if len(mentions) > 1 else mentions
        self.starts = [m.start for m in self.ms]

    def inside(self, a: int, b: int) -> list[Mention]:
        if not self.ms:
            return []
        ms, i, out = self.ms, bisect.bisect_left(self.starts, a), []
        while i < len(ms) and ms[i].start < b:
            if ms[i].end <= b:
                out.append(ms[i])
            i += 1
        return out

    def covering(self, p: int) -> bool:
        """Tell whether offset p lies strictly inside a mention."""
        return bool(self.ms) and any(m.start < p < m.end for m in self.ms)

    def run(self, text: str, a: int, b: int) -> tuple[int, Mention] | None:
        """Return (end, last mention) of the adjacent mentions that start a span (after quotes)."""
        if not self.ms:
            return None
        while a < b and text[a] in "“\"'(":
            a += 1
        ms, starts = self.ms, self.starts
        i = bisect.bisect_left(starts, a)
        if i >= len(ms) or ms[i].start != a or ms[i].end > b:
            return None
        last = ms[i]
        end = last.end
        while True:  # the next adjacent mention ("3号地" + "规划五路"), across a quote mark
            nxt = None
            j = bisect.bisect_left(starts, end)
            while j < len(ms) and ms[j].start <= end + 1:
                m = ms[j]
                if m.end <= b and (m.start == end or text[end] in "“”") and (nxt is None or m.end > nxt.end):
                    nxt = m
                j += 1
            if nxt is None:
                break
            last, end = nxt, nxt.end
        while end < b and text[end] in "”\"'":
            end += 1
        return end, last


def _strip_tail(s: str, rx: re.Pattern) -> str:
    """Return s without the run of words at its end that the reversed pattern ``rx`` matches."""
    m = rx.match(s[::-1])
    return s[:len(s) - m.end()] if m else s


def _clean(s: str) -> str:
    """Return an object's text without counts, figures, leading and trailing function words."""
    if NUMERAL.search(s):
        s = QUANTITY.sub("", s)
    m = LEAD.match(s)
    if m:
        s = s[m.end():]
    s = _strip_tail(s, TRAIL_REV)
    while s.endswith(TAIL_FUNCTION):
        s = s[:-2] if s.endswith(("以及", "工作")) else s[:-1]
    return s.strip(" ,;:、")


def _concrete(obj: str, cls: str, named: bool, counted: bool, mentioned: bool = False) -> bool:
    """Tell whether an object is something one could check: named, counted, or a thing worked on.

    ``named``: the object is an entity (with work words); ``mentioned``: a name is in it ("柳溪河生态廊道建设").
    """
    if named:
        return True
    if cls == "abstract" or len(obj) > 40 or "各项" in obj or obj.startswith(INDICATOR_START):
        return False
    thing = _strip_tail(obj, WORK_REV) or obj
    if thing[-1:] == "期" and PHASE.search(thing):
        thing = PHASE.sub("", thing) or thing  # 码头二期: the 码头
    if thing.endswith(QUALITY_HEADS):
        return counted and cls in ("concrete", "complete") and len(thing) > 2
    if thing.endswith(PROGRAMME_HEADS):
        return cls == "document" and len(thing) >= 5  # "制定物业考核办法", not "建立长效机制"
    if thing[-2:] in ABSTRACT_TAILS:
        return False  # "柳溪村集体经济发展壮大", "成果巩固拓展": a quality growing, not a thing
    if cls in ("concrete", "complete", "document") or counted or mentioned:
        return True
    thing = _strip_tail(thing, TRAIL_REV) or thing  # 路面全面翻新: the 路面
    if len(thing) <= 2 or thing in THING_SET or thing[0] == "各":
        return False  # "项目建设", "道路改造", "各地块内道路建设": no particular thing
    return thing.endswith(THING_HEADS) or obj.endswith(("工程", "项目"))


def _thing(s: str) -> bool:
    """Tell whether a noun phrase names a particular thing by its head (二期工程, 镇区主干道路面), not a category."""
    thing = _strip_tail(_strip_tail(s, WORK_REV), TRAIL_REV) or s
    if thing[-1:] == "期" and PHASE.search(thing):
        thing = PHASE.sub("", thing) or thing
    return len(thing) > 2 and thing not in THING_SET and thing[0] != "各" and not thing.endswith(QUALITY_HEADS) \
        and (thing.endswith(THING_HEADS) or s.endswith(("工程", "项目")))


# --------------------------------------------------------------------------- extraction


def extract_workitems(ctx: Context, mentions: list[Mention], figures: list[Figure]) -> list[WorkItem]:
    """Return the work items of a report's review and plan parts, in text order."""
    rep = ctx.report
    texts = list(map(_TEXT, ctx.tokens))
    verb_at = list(compress(count(), map(_ANY_PART.__contains__, texts)))  # action words and first halves
    split: dict[int, str] = {}  # token index -> the action word it starts with the next token (投|用)
    if verb_at:
        last = len(texts) - 1
        for k in [k for k in verb_at if texts[k] not in VERBS]:
            if k < last and texts[k] + texts[k + 1] in VERBS:
                split[k] = texts[k] + texts[k + 1]
        if len(split) < len(verb_at):
            verb_at = [k for k in verb_at if k in split or texts[k] in VERBS]
    if not verb_at:
        return []
    marks_at = list(compress(count(), map(CLAUSE_MARKS.__contains__, texts)))  # clause marks
    sections = {s.id: s for s in rep.sections}
    names: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.type in CONCRETE_TYPES and not (m.type == "Organization" and m.rule.endswith(":lexicon")):
            names.setdefault(m.sentence, []).append(m)
    fig_at = sorted((f.start, i) for i, f in enumerate(figures))
    run = _Run(ctx, texts, [s for s, _ in fig_at], [i for _, i in fig_at], split)
    tok_starts = ctx.tok_starts
    text = ctx.text
    sentences = rep.sentences
    bl = bisect.bisect_left
    out: list[WorkItem] = []
    v = 0  # next index into verb_at
    for si, sent in enumerate(sentences):
        i0 = bl(tok_starts, sent.start)
        i1 = bl(tok_starts, sent.end, i0)
        v = bl(verb_at, i0, v)
        if v >= len(verb_at):
            break
        if verb_at[v] >= i1:
            continue
        section = sections.get(sent.section)
        part = sections.get(section.parent) if section is not None and section.parent else section
        if part is None or part.id == "0" or part.kind not in ("review", "plan", "other"):
            continue
        if part.kind == "other":
            if part.year is None:
                continue
            mode = "plan" if rep.year is not None and part.year >= rep.year else "review"
        else:
            mode = part.kind
        sent_names = names.get(sent.index, [])
        if sent.end - sent.start <= HEADING_CHARS and not sent_names \
                and (si == 0 or sentences[si - 1].paragraph != sent.paragraph) \
                and si + 1 < len(sentences) and sentences[si + 1].paragraph == sent.paragraph \
                and not any(c.isdigit() for c in text[sent.start:sent.end]):
            continue  # a paragraph's heading: "持续深化村庄安全治理。"
        # the clauses (token ranges), not cut inside brackets
        if text.find("(", sent.start, sent.end) < 0:
            bounds, first = [], i0
            for k in marks_at[bl(marks_at, i0):bl(marks_at, i1)]:
                if k > first:
                    bounds.append((first, k))
                first = k + 1
            if first < i1:
                bounds.append((first, i1))
        else:
            bounds = _bracketed_clauses(texts, i0, i1)
        sent_verbs = verb_at[v:bl(verb_at, i1, v)]
        sent_ns = _Names(sent_names)
        topic = None
        b, n = 0, len(sent_verbs)
        for c0, c1 in bounds:
            while b < n and sent_verbs[b] < c0:
                b += 1
            e = b
            while e < n and sent_verbs[e] < c1:
                e += 1
            if e == b:
                topic = None  # a clause without an action ends the topic
            else:
                topic = run.clause(c0, c1, sent_verbs[b:e], sent_ns, mode, part.year, rep.year, sent.index, topic, out)
            b = e
    return out


def _bracketed_clauses(texts: list[str], i0: int, i1: int) -> list[tuple[int, int]]:
    """Return the clauses (token ranges) of a sentence with brackets, not cut inside them."""
    bounds = []
    first, depth = i0, 0
    for k in range(i0, i1):
        w = texts[k]
        if w in CLAUSE_MARKS:
            if depth == 0:
                if k > first:
                    bounds.append((first, k))
                first = k + 1
        elif w == "(":
            depth += 1
        elif w == ")":
            depth = max(0, depth - 1)
    if first < i1:
        bounds.append((first, i1))
    return bounds


class _Run:
    """What the clauses of one report share: tokens, their texts, figure offsets; items go to ``out``."""

    def __init__(self, ctx: Context, texts: list[str], fig_keys: list[int], fig_index: list[int],
                 split: dict[int, str]):
        self.ctx, self.texts, self.fig_keys, self.fig_index = ctx, texts, fig_keys, fig_index
        self.split = split  # token index -> the action word it starts with the next token (投|用)
        self.toks, self.text = ctx.tokens, ctx.text

    def actions(self, c0, c1, verbs):
        """Return the clause's actions: [class, start, end, first token, end token, classes]."""
        toks, text, texts = self.toks, self.text, self.texts
        found = []
        split = self.split
        covered = -1  # the end token of the last action: "新|改建", "建成|投|用" are one action
        for k in verbs:
            if k < covered:
                continue
            t = toks[k]
            end, k1 = t.end, k + 1
            if k in split:
                if k + 1 >= c1:
                    continue
                cls, off = VERBS[split[k]]  # 投|用: one action over two tokens
                end, k1 = toks[k + 1].end, k + 2
            else:
                cls, off = VERBS[t.text]
            prev = toks[k - 1] if k > c0 else None
            nxt = toks[k1] if k1 < c1 else None
            if prev is not None and prev.text == "主体" and cls == "complete":
                found.append([cls, prev.start, end, k - 1, k1, [cls]])  # 主体完工
                continue
            if nxt is not None:
                # a verb inside a noun: 安置房, 处理站; a place named like a verb: 新建地区
                if nxt.text in NOUN_SUFFIXES and (k1 + 1 >= c1 or toks[k1 + 1].tag not in NOUNISH_TAGS):
                    continue
                if t.tag == "ns" and PLACE_AFTER.match(text, nxt.start):
                    continue
                if k in split:
                    pass
                elif prev is not None and (prev.text == "等" or prev.tag in NOUNISH_TAGS and prev.text not in ADVERB_WORDS):
                    # after a noun and before a noun: a modifier ("村庄安全治理模式", "排查整治的组合拳",
                    # "快速化改造工程") unless it ends the clause
                    if nxt.text in NOUN_HEADS or t.tag in ("vn", "n") and (nxt.tag in NOUNISH_TAGS or nxt.text == "的"):
                        continue
                    if t.tag == "n" and not VERBS.get(nxt.text):
                        continue  # 绿化/n, 招商/n inside a noun phrase
                if len(nxt.text) == 1 and k1 + 1 < c1 and nxt.text + texts[k1 + 1] in VERBS:
                    end, k1 = toks[k1 + 1].end, k1 + 2  # a verb jieba cut in two after another: 建成|投|用
            found.append([cls, t.start + off, end, k, k1, [cls]])
            covered = k1
        merged = []
        for a in found:
            if merged:
                p = merged[-1]
                gap = a[3] - p[4]
                joined = gap == 0 or (gap == 1 and (texts[p[4]] == "、" or texts[p[4]] == "主体" and a[0] == "complete"))
                final = a[4] >= c1 or texts[a[4]] in ("、", "并")
                compound = p[5][-1] in ("concrete", "complete") and a[0] in ("concrete", "abstract") and gap == 0
                if joined and (texts[p[3]][-2:] in MODIFIERS and p[0] != "light" or final or compound
                               or texts[p[4]] in ("、", "主体")):
                    p[2], p[4] = a[2], a[4]
                    p[5].append(a[0])
                    continue
            merged.append(a)
        for a in merged:
            classes = a[5]
            if len(classes) == 1:
                continue
            real = [c for c in classes if c not in ("light", "abstract")]
            a[0] = real[-1] if real else classes[-1]
            if len(classes) > 1 and toks[a[3]].text[-2:] in LEADING_LIGHT:
                a[1] = toks[a[3] + 1].start  # "实现竣工": the action is 竣工
            if "ongoing" in classes and a[0] != "ongoing":
                a[0] = "ongoing" if classes.index("ongoing") == 0 or a[0] not in ("complete",) else a[0]
        return merged

    def clause(self, c0, c1, verbs, names, mode, part_year, report_year, sentence, topic, out):
        """Append the items of one clause (tokens c0:c1) to ``out``; return the sentence's topic after it."""
        toks, text, texts, ctx = self.toks, self.text, self.texts, self.ctx
        cs, ce = toks[c0].start, toks[c1 - 1].end
        clause = text[cs:ce]
        if FRAMES.search(clause) or texts[c0] in FRAME_START:
            return topic
        if not names.ms and all(VERBS[self.split.get(k) or texts[k]][0] == "abstract" for k in verbs):
            return topic
        acts = self.actions(c0, c1, verbs)
        if not acts or any(w[-1:] == "是" for w in texts[c0:acts[0][3]]):
            return topic  # "2021年是…之年": a statement, not work
        if all(a[0] == "abstract" for a in acts) and not names.inside(cs, ce):
            return topic
        head = 0
        for k in range(1, len(acts)):
            # a later verb after a predicate adverb is the predicate (not after an opening completion:
            # "完成甲小区公共空间基本清零")
            t = acts[k][3]
            if t - 1 > c0 and (texts[t - 1] in PREDICATE_ADVERBS or texts[t - 1][-1:] == "已" or
                               (texts[t - 1] in ADVERB_WORDS and texts[t - 2] in PREDICATE_ADVERBS)):
                if acts[0][0] != "complete" or _subject_before(text[cs:toks[acts[0][3]].start]):
                    head = k
                break
        light_end = None
        under_way = False
        if head == 0 and acts[0][5] == ["light"]:
            if len(acts) == 1:
                return topic  # "确保集建地项目内": nothing done
            between = text[acts[0][2]:toks[acts[1][3]].start]
            lead = LEAD.match(between)
            if acts[-1][4] >= c1 and len(acts) > 2:
                head = len(acts) - 1  # "确保新增违建动态清零": the clause-final verb
                k = 0
                while k + 1 < head and acts[k + 1][5] == ["light"] and acts[k + 1][3] == acts[k][4]:
                    k += 1  # "力争实现…主体完工"
                light_end = toks[acts[k][4] - 1].end
            elif not _strip_tail(between[lead.end():] if lead else between, TRAIL_REV):
                head = 1  # "争取年底前建成映月湖公园": the action after the light verb and adverbs
                if not _subject_before(text[cs:toks[acts[0][3]].start]):
                    light_end = toks[acts[0][4] - 1].end  # "确保汛期前主体完工": no subject
            elif acts[-1][4] >= c1:
                head = len(acts) - 1  # "力争新校区建成投用"
                light_end = toks[acts[0][4] - 1].end
        elif head == 0 and len(acts) > 1 and acts[-1][4] >= c1 and "complete" in acts[-1][5] \
                and "并" not in texts[acts[0][4]:acts[-1][3]] and "complete" not in acts[0][5] \
                and _subject_before(text[cs:toks[acts[0][3]].start]):
            # "乙路改扩建工程完工", "农贸市场提升改造全面完成": a noun phrase with verbs in it is the
            # subject of the clause-final completion
            head = len(acts) - 1
        elif head == 0 and len(acts) > 1 and acts[-1][4] >= c1 and "complete" in acts[-1][5] \
                and acts[0][0] in ("ongoing", "general", "abstract") and "并" not in texts[acts[0][4]:acts[-1][3]]:
            # "推动甲园区、乙中心等项目开园招商": the clause-final completion is the action, the
            # verb before it says whether it is under way
            under_way = acts[0][0] == "ongoing"
            head = len(acts) - 1
            light_end = toks[acts[0][4] - 1].end
        if acts[head][5] == ["light"]:
            return topic  # "力争新签约项目50个": a target, no action
        heads = [acts[head]]
        for a in acts[head + 1:]:  # a later action after 并 (a word or two between) is a second item
            if "并" in texts[max(heads[-1][4], a[3] - 3):a[3]] or texts[a[3] - 1] in ("并且", "同时", "随后"):
                heads.append(a)
        counted = NUMERAL.search(clause) is not None and QUANTITY.search(clause) is not None
        years = [int(y) for y in YEAR_IN.findall(clause)] if "年" in clause else ()
        quantities = None
        pre_words = texts[c0:heads[0][3]]
        prev_obj = first_subj = led = None
        for h, act in enumerate(heads):
            cls, a0, a1, t0, t1, classes = act
            g0 = toks[t0].start  # the action with its modifiers
            if NEGATION.match(text, max(cs, g0 - 1)) or NEGATION.match(text, g0):
                continue
            if h + 1 < len(heads):
                k = heads[h + 1][3] - 1
                while k > t1 and texts[k] not in ("并", "并且", "同时", "随后"):
                    k -= 1
                o_end = toks[k].start
            else:
                o_end = ce
            o_end = max(o_end, a1)
            action = text[a0:a1]
            # the subject: the clause before the action, or the 将/把 phrase
            pre0 = light_end if light_end is not None and h == 0 else (cs if h == 0 else a0)
            disposal = of = False
            if h == 0 and ("将" in pre_words or "把" in pre_words or "对" in pre_words):
                for k in range(c0, t0):
                    w = texts[k]
                    if w in ("将", "把", "对") and toks[k].tag in ("d", "p"):
                        pre0 = toks[k].end
                        if w == "对":
                            of = True  # "投资200万元对东湖路进行改造": 对 leads the object
                        else:
                            disposal = True
                        break
            pre = text[pre0:g0] if h == 0 else ""
            lead = LEAD.match(pre)
            subj = _strip_tail(pre[lead.end():] if lead else pre, TRAIL_REV)
            if h == 0 and texts[c0] in CLAUSE_PREPOSITIONS and toks[c0].tag in ("p", "v") and not disposal and not of:
                subj = ""
            s0 = pre0 + pre.find(subj) if subj else g0
            s1 = s0 + len(subj)
            actor = subj in SUBJECT_STOP  # "群众顺利入住": the actor, no object
            if actor:
                subj = ""
            post = text[a1:o_end]
            obj = "" if post.startswith(("并", "同时")) else _clean(post)  # "改造完成并对外开放": no object after
            if obj.startswith(INDICATOR_START) and "的" not in obj or (action in ("完成", "实现", "达到") and STAT_TAIL.match(post.lstrip("了"))):
                continue  # a statistic: 完成产值69.5亿元, 签约面积达2.2万平方米
            subj_named = bool(subj) and (bool(names.inside(s0, s1)) or COUNTED_ETC.search(subj) is not None)
            combined = False
            if disposal and subj:
                o_text, o0, o1 = _clean(subj), s0, s1
            elif of and subj and cls != "abstract":
                if not COUNT_IN.search(subj) and not subj_named and not _thing(subj):
                    subj = ""
                o_text, o0, o1 = (_clean(subj) + obj, s0, o_end) if subj else (obj, a1, o_end)
                combined = bool(subj)
            elif not obj:
                if h > 0 and first_subj is not None:
                    o_text, o0, o1 = first_subj  # "二期工程完成招标并进场施工": the subject
                elif h > 0 and prev_obj is not None:
                    o_text, o0, o1 = prev_obj
                elif subj and (cls in ("complete", "ongoing") or subj_named or COUNT_IN.search(subj)):
                    o_text, o0, o1 = _clean(subj), s0, s1
                elif not subj and not actor and topic is not None and (
                        cls in ("complete", "ongoing") and len(classes) == 1 or classes[-1] == "complete"):
                    o_text, o0, o1 = topic
                else:
                    continue
            elif cls in ("general", "complete", "ongoing", "light", "document") and len(obj) <= 12 \
                    and (subj_named or subj and len(obj) >= 2 and _thing(subj)):
                o_text, o0, o1 = _clean(subj) + obj, s0, o_end  # "二期工程完成招标"
                combined = True
            else:
                k = post.find(obj[:2])
                o_text, o0, o1 = obj, a1 + max(k, 0), o_end
                if h == 0 and not subj and not actor and topic is not None and len(obj) <= 10 \
                        and PROGRESS.search(text, cs, a0) and not names.inside(o0, o1):
                    led = _lead_of(text, names, topic)  # "…已完成主体施工,正在进行内部装修": the topic's
            if len(o_text) < 2:
                continue
            if h == 0 and subj and (combined or o0 != s0) and not disposal and len(heads) > 1:
                first_subj = (_clean(subj), s0, s1)
            prev_obj = (o_text, o0, o1)
            # status and year
            forward = mode == "review" and FORWARD_WORDS.search(text, cs, a1) is not None \
                and DONE_BEFORE.search(text, cs, a0) is None
            if mode == "plan" or forward:
                status = "planned"
            elif cls == "ongoing" or under_way or ONGOING_WORDS.search(text, cs, a1):
                status = "ongoing"
            else:
                status = "completed"
            ys = [y for y in years if part_year is None or part_year - 1 <= y <= part_year + 6]
            if ys:
                year = ys[-1]
            elif forward and mode == "review" and report_year is not None:
                year = max(report_year, (part_year or 0) + 1)
            else:
                year = part_year
            if mode == "review" and status != "planned" and year and part_year and year > part_year:
                status = "planned"
            if led is None:
                topic = (o_text, o0, o1)  # a topic-led object keeps the topic
            if combined:
                members = [(o_text, o0, o1, _type_of(text, names, s0, s1) or (_type_of(text, names, o0, o1)))]
                if LIST_SEP.search(subj) and not SUBJECT_COUNT.search(subj) and not subj.endswith(AROUND):
                    # "甲社区、乙社区完成雨污分流改造": the work of each member, when the members are names
                    # (not "甲村、乙村4个村…": one piece of work; not "甲路与乙路交叉口")
                    work = o_text[len(_clean(subj)):]
                    listed = _members(ctx, _clean(subj), s0, s1, names)
                    if len(listed) > 1 and any(t is not None for _, _, _, t in listed) and \
                            all(t is not None or len(m) <= 10 and not m[0].isdigit() and not m.endswith(AROUND)
                                for m, _, _, t in listed):
                        members = [(m if m.endswith(work) else m + work, m0, m1, t) for m, m0, m1, t in listed]
            elif not names.ms and "(" not in o_text and not LIST_SEP.search(o_text):
                members = ((o_text, o0, o1, None),)  # the common case: one object, no name
            else:
                members = _members(ctx, o_text, o0, o1, names)
            if led:
                members = [(led + m, m0, m1, t) for m, m0, m1, t in members]
            for m_text, m0, m1, m_type in members:
                if m_type is not None or _concrete(m_text, cls, False, counted, bool(led) or bool(names.ms) and (
                        cls not in ("concrete", "complete", "document") and not counted and bool(names.inside(m0, m1)))):
                    if quantities is None:
                        q0 = bisect.bisect_left(self.fig_keys, cs)
                        q1 = bisect.bisect_left(self.fig_keys, ce, q0)
                        quantities = tuple(sorted(self.fig_index[q0:q1])) if q1 > q0 else ()
                    out.append(WorkItem(cs, ce, action, a0, a1, m_text, m0, m1, m_type, status, year, sentence,
                                        quantities))
        return topic


def _lead_of(text: str, names: _Names, topic: tuple[str, int, int]) -> str:
    """Return what a topic names (up to its last name, or its thing without work words), else ""."""
    t_text, t0, t1 = topic
    inside = names.inside(t0, t1)
    if inside:
        last = max(inside, key=lambda m: m.end)
        return _clean(text[t0:last.end]) if len(t_text) >= last.end - t0 else ""
    thing = re.sub(r"主体(?:工程|结构)?$", "", _strip_tail(t_text, WORK_REV))  # 文化中心主体施工: 文化中心
    return thing if thing != t_text and _thing(thing) else ""


def _subject_before(pre: str) -> bool:
    """Tell whether the text before a clause's first verb is a subject (not empty, an actor or a preposition)."""
    lead = LEAD.match(pre)
    subj = _strip_tail(pre[lead.end():] if lead else pre, TRAIL_REV).strip("“”\"")
    return len(subj) >= 2 and subj not in SUBJECT_STOP and not subj.startswith(tuple(CLAUSE_PREPOSITIONS))


def _type_of(text: str, names: _Names, o0: int, o1: int) -> str | None:
    """Return the type of the mention an object span ends with (a few work words may follow), else None."""
    inside = names.inside(o0, o1)
    if not inside:
        return None
    last = max(inside, key=lambda m: (m.end, m.end - m.start))
    rest = _clean(text[last.end:o1].strip("“”\"'"))
    if not _strip_tail(rest, WORK_REV) or (len(rest) <= 2 and not rest.endswith(QUALITY_HEADS)):
        return last.type
    return None


def _members(ctx, obj: str, o0: int, o1: int, names: _Names):
    """Return (object text, start, end, entity type) for each member of a listed object, or the object."""
    text = ctx.text
    span = text[o0:o1]
    # a bracketed list of named members after the object: "推进3个小区改造(甲小区、乙小区)"
    p = span.find("(")
    if p > 0 and span.rstrip("等").endswith(")"):
        q0, q1 = o0 + p + 1, o0 + span.rfind(")")
        parts = text[q0:q1].split("、")
        if len(parts) >= 2 and len(names.inside(q0, q1)) * 2 >= len(parts):
            work = _clean(span[:p]).split("的")[-1]
            out, pos = [], q0
            for x in parts:
                a = text.index(x, pos)
                pos = a + len(x)
                r = names.run(text, a, pos)
                out.append((x + work, a, pos, r[1].type if r is not None else None))
            return out
        span, o1 = span[:p], o0 + p
        obj = _clean(span)
    whole = [(obj, o0, o1, _type_of(text, names, o0, o1) if names.ms else None)]
    if not LIST_SEP.search(span) or COUNTED_ETC.search(span) or obj.endswith(AROUND):
        return whole  # one object, "甲村、乙村等6个村": one item with its count, "甲路、乙路周边": one area
    # the members, cut at 、 和 及 与 outside quotes, brackets and names; with 等, the members are before it
    etc = span.rfind("等")
    head_end = etc if etc > 0 and LIST_SEP.search(span, 0, etc) else len(span)
    cuts, depth, prev = [], 0, 0
    for m in LIST_SEP.finditer(span, 0, head_end):
        seg = span[prev:m.start()]
        depth += seg.count("“") + seg.count("(") - seg.count("”") - seg.count(")")
        prev = m.start()
        if depth == 0 and not names.covering(o0 + m.start()):
            cuts.append((m.start(), m.end()))
    if not cuts:
        return whole
    parts, start = [], 0
    for a, b in cuts:
        parts.append((start, a))
        start = b
    parts.append((start, head_end))
    runs = [names.run(text, o0 + a, o0 + b) for a, b in parts]
    n_named = sum(r is not None for r in runs)
    if (head_end < len(span) and n_named * 2 < len(parts)) or all(b - a <= 2 for a, b in parts):
        return whole  # "私搭乱建、侵街占道等" or "就业、创业": one piece of work
    if head_end == len(span) and NUMERAL.search(span) and all(END_QUANTITY.search(span, a, b) for a, b in parts):
        # "新建污水主管网12公里、入户支管3200户": each member with its own count
        return [(_clean(span[a:b]), o0 + a, o0 + b, _type_of(text, names, o0 + a, o0 + b) if names.ms else None)
                for a, b in parts]
    if not n_named and END_QUANTITY.search(span, parts[-1][0]):
        return whole  # "拆除私搭乱建、侵街占道390处": one count for the whole
    # the work the members share: after 等 ("等村内街巷的绿化" -> 村内街巷的绿化), else what follows
    # the last member's name ("…路的路灯建设" -> 路灯建设), a count ("、B两座污水处理站" ->
    # 污水处理站) or the work words ending it ("人脸识别系统建设" -> 建设)
    la, lb = parts[-1]
    if head_end < len(span):
        shared = span[head_end + 1:]
        shared = _clean(shared.split("的")[-1] if "的" in shared else shared)
        if len(shared) <= 3 and _strip_tail(shared, WORK_REV) == shared:
            shared = ""  # "等企业": the members' category, not work
        last_end = lb
    elif runs[-1] is not None:
        last_end = runs[-1][0] - o0
        shared = _clean(span[last_end:lb]).lstrip("的")
        if PHASE.fullmatch(shared):
            shared, last_end = "", lb  # "甲电站、乙码头二期": the phase belongs to the last member
    else:
        c = COUNT_IN.search(span, la, lb)
        if c is not None and c.start() > la:
            last_end, shared = c.start(), _clean(span[c.end():lb])
        else:
            shared, last_end = _shared_work(ctx, o0 + la, o0 + lb)
            last_end -= o0
    shared = re.sub(r"^(?:[一二两三四五六七八九十\d]+[个条座处所家项]|等|的)+", "", shared)
    shared_is_work = _strip_tail(shared, WORK_REV) != shared  # "大修", "污水治理": work on the member
    # an entity leading the first member leads the members without one ("东湖路路面改造和路灯安装")
    lead = ""
    if runs[0] is not None and runs[0][0] - o0 < parts[0][1] and n_named == 1 and head_end == len(span) \
            and all(_strip_tail(span[a:b], WORK_REV) != span[a:b] for a, b in parts[1:]):
        lead = text[o0 + parts[0][0]:runs[0][0]]
    out = []
    for k, (a, b) in enumerate(parts):
        if k == len(parts) - 1:
            b = last_end
        piece = _clean(span[a:b])
        if not piece:
            continue
        r = runs[k]
        # the member is the entity when its name is all of it (the shared words being work: 大修, 改造)
        m_type = r[1].type if r is not None and r[0] >= o0 + b - 2 and not (shared and not shared_is_work) else None
        if k and lead and r is None:
            piece, m_type = lead + piece, runs[0][1].type
        if shared and not piece.endswith(shared) and (k == len(parts) - 1 or _strip_tail(piece, WORK_REV) == piece):
            piece += shared  # not to a member with its own work ("路面改造和路灯安装")
        out.append((piece, o0 + a, o0 + b, m_type))
    return out


def _shared_work(ctx: Context, a: int, b: int) -> tuple[str, int]:
    """Split the last member of a list of common nouns into (shared work words, end of its own part).

    The shared part is the run of nominalised verbs ending it ("人脸识别系统建设" -> "建设").
    """
    toks = ctx.tokens
    i = bisect.bisect_left(ctx.tok_starts, a)
    j = bisect.bisect_left(ctx.tok_starts, b, i)
    k = j
    while k > i + 1 and (toks[k - 1].tag in ("vn", "v") or toks[k - 1].text in ("工程", "工作", "及", "应用")):
        k -= 1
    if k == j or k >= len(toks):
        return "", b
    return ctx.text[toks[k].start:b], toks[k].start
