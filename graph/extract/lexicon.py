"""General lexicons: national policy and campaign names, national bodies and events, stop words.

Only general knowledge lives here (names used across China's government reports, suffixes,
unit words), never the names of one report's villages, roads or projects.
"""
from __future__ import annotations

# Widely used national (or nationally copied) policies, plans, campaigns and slogans.
POLICIES = """
十一五 十二五 十三五 十四五 十五五 全面建成小康社会 第一个百年奋斗目标 第二个百年奋斗目标
习近平新时代中国特色社会主义思想 新发展理念 绿色发展理念 新发展格局 高质量发展
四个意识 四个自信 两个维护 两个确立 四个全面 五位一体 全面从严治党 民主集中制
不忘初心、牢记使命 八项规定 中央八项规定 中央八项规定精神 三严三实 两学一做 党史学习教育
一岗双责 平安建设 河长制 湖长制 林长制 田长制 河湖长制 接诉即办 未诉先办
减量发展 疏解非首都功能 疏解整治促提升 门前三包 蓝天保卫战 碧水保卫战 净土保卫战
污染防治攻坚战 净土持久战 打赢蓝天保卫战 光盘行动 互联网+ 互联网+政务服务 互联网+政务
爱国卫生运动 过紧日子 放管服 放管服改革 乡村振兴 乡村振兴战略 脱贫攻坚 精准扶贫
一网通办 一网统管 最多跑一次 一件事一次办 证照分离 多规合一 双减 碳达峰 碳中和 双碳
供给侧结构性改革 京津冀协同发展 长江经济带 粤港澳大湾区 长三角一体化 一带一路
厕所革命 美丽乡村 扫黑除恶 扫黑除恶专项斗争 六稳 六保 六稳六保 三去一降一补
街乡吹哨、部门报到 吹哨报到 中央环保督察 中央环保督查 全国文明城市
煤改电 煤改气 留白增绿 一微克 一窗受理 三线一单 两不愁三保障 城市更新
农村人居环境整治 新型城镇化 共同富裕 创新驱动发展战略
国家服务业扩大开放综合示范区 自由贸易试验区 两区 七有五性 七有 五性
""".split()

# National bodies and generic government/party organs written without a place name.
ORGANIZATIONS = """
党中央 国务院 中国共产党 全国人大 全国政协 中共中央 中央纪委 省委 省政府 省人大 省政协 市委 市政府 区委 区政府 县委 县政府 市纪委 区纪委 县纪委
镇党委 镇政府 镇人大 乡党委 乡政府 乡人大 街道党工委 街道办事处 市人大 区人大 县人大 市政协 区政协 县政协
12345市民服务热线 12345热线 市民服务热线
""".split()

# Events and meetings named the same way across reports.
EVENTS = """
新冠肺炎疫情 新冠疫情 新冠肺炎 第七次全国人口普查 第四次全国经济普查 第五次全国经济普查 第三次全国国土调查
党的十八大 党的十九大 党的二十大 十八大 十九大 二十大 两会 全国两会 建党100周年 中国共产党成立100周年
新中国成立70周年 冬奥会 北京冬奥会 进博会 亚运会 世博会 党的二十届三中全会 中国共产党成立100周年
第十四届全国运动会 全运会 第七次全国人口普查 第三次全国农业普查 第四次全国农业普查
""".split()

# Nationally known programmes that reports name as projects.
PROJECTS = """南水北调 西气东输 煤改电工程 煤改气工程 村村通工程 雪亮工程 天网工程 农村饮水安全工程""".split()

# National leaders named in reports' political preambles.
PERSONS = """习近平 毛泽东 邓小平 江泽民 胡锦涛""".split()

# Words that end with a type suffix but are not names (generic nouns).
GENERIC = set("""
道路 马路 公路 铁路 断头路 总体思路 工作思路 发展思路 跨线桥 思路 出路 线路 网路 支路 干路 次干路 主干路 套路 路线 路径 路网 路面 路灯 路段 路口 一带一路 进路 门路
街道 渠道 轨道 管道 通道 跑道 赛道 步道 河道 知道 报道 街区 大街 小街 商业街 步行街 一条街 主街
村庄 农村 乡村 各村 全村 本村 行政村 自然村 城中村 挂账村 重点村 新村 该村 村村 邻村 山村 示范村 试点村 文明村 美丽乡村 村 村级
精品村 特色村 美丽村 先进村 薄弱村 经济薄弱村 贫困村 脱贫村 中心村 空心村 样板村 明星村 强村 富村 专业村 旅游村 传统村 古村
社区 小区 各社区 全社区 城市社区 农村社区 智慧社区 老旧小区 新社区 各小区 商品房小区 回迁小区 安置小区 该小区 本社区
园区 产业园 工业园 公园 家园 花园 校园 乐园 庄园 田园 果园 菜园 菜园子 产业园区 工业园区 科技园 孵化园 口袋公园 城市公园
项目 工程 重点项目 重大项目 建设项目 新项目 民生工程 基础工程 系统工程 工程项目 实事项目 产业项目 招商项目 好项目 大项目 一批项目 等项目
中心 服务中心 指挥中心 医疗中心 活动中心 文化中心 养老中心 综治中心 市中心 城市中心 核心 重心 中心城区
党支部 星级党支部 党组织 党委 支部 公司 集团 企业 物业公司 国有公司 子公司 分公司 总公司 有限公司 平台公司 股份公司
医院 学校 中学 小学 幼儿园 学院 大学 卫生院 卫生室 养老院 敬老院 驿站 车站 站点 网站 工作站 服务站 消防站 加油站 充电站 污水处理站
工厂 厂房 场地 市场 广场 现场 商场 农场 停车场 球场 体育场 机场 操场 会场 考场 立场 战场 职场 菜市场
地块 号地 组团 区域 地区 片区 城区 辖区 小区 景区 校区 新区 老区 园区 功能区 示范区 试验区 开发区 保护区 自贸区 城乡结合部
河 河流 河湖 江河 沟渠 水渠 灌渠 湖泊 水系 沟 渠 流域 水域 黑臭水体
工作 制度 机制 模式 办法 条例 规划 计划 方案 行动 战 运动 政策 理念 战略 体系 体制 机制体制 长效机制 工作机制 责任制
""".split())

# Tokens at which a name never starts when walking left from a suffix.
STOP_WORDS = set("""
在 对 和 与 及 以及 或 将 把 被 为 由 向 从 至 到 于 以 按 按照 依 依托 通过 围绕 结合 推动 推进 实施 实现 完成 开展 启动 加快 加强 强化
建设 新建 续建 改建 扩建 改造 提升 打造 引进 引入 落实 推行 实行 建立 完善 健全 深化 创新 构建 形成 坚持 优化 发挥 执行 贯彻 制定 出台 印发
组建 成立 设置 设立 举办 召开 参加 参与 做好 抓好 办好 抓 带动 确保 力争 争取 全力 积极 持续 继续 进一步 不断
全面 深入 扎实 稳步 有序 大力 着力 重点 主要 包括 涉及 位于 地处 所在 属于 是 有 等 的 了 着 过 也 都 均 已 已经 正在 将要 计划 拟 预计
各 各类 全 全镇 全区 全市 全县 本 我 我镇 我区 我市 我县 该 其 此 这 那 其中 一批 一个 一些 多个 个 处 条 座 家 所 项 批 期 次
东侧 西侧 南侧 北侧 周边 沿线 两侧 附近 内 外 上 下 中 前 后 旁 及其 首个 第一 现
建成 建好 建起 新改建 获评 获批 入选 荣获 成功 顺利 接受 请 帮助 督促 修订 谋划 申报 获得 取得 招引 加大 加快推进 达到 达 办结 办理了 探索 摸排 研究 编制 代表 谨 好 召开 举办 新增 完成了 引导 鼓励 吸引 推广 学习 全力 努力 承接 服务于 面向 覆盖 重大项目 重点项目 重点工程 建设项目 与时俱进 进村 进社 入驻 开工 竣工 投入使用 正式 利用 充分 发挥 受理 办理 提高 贯穿 牢固 树立 打好 打赢 迅速 依法 统筹 聚焦 助力 借助 争创 创建 培育 挖掘 盘活 用好
新开工 开工建设 建成投用 建成投产 同志 促进 指导 压实 夯实 压紧 举行 暨 隆重 圆满 成功举办
地区 组团 地块 片区 区域 周围 辖区 境内 域内 镇域 区内 村内 一期 二期 三期 所有 部分 剩余 其他 有关 相关 规范 规范化 指
""".split())


LEXICONS = {"Policy": POLICIES, "Organization": ORGANIZATIONS, "Event": EVENTS, "Person": PERSONS, "Project": PROJECTS}


def jieba_words() -> list[tuple[str, str]]:
    """Return (word, POS tag) pairs added to jieba so lexicon names are not cut apart."""
    tags = {"Policy": "nz", "Organization": "nt", "Event": "nz", "Person": "nr", "Project": "nz"}
    out = []
    for label, words in LEXICONS.items():
        out.extend((w, tags[label]) for w in words if not any(c in w for c in "+、"))
    return out
