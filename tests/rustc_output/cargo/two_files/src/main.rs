mod shapes;

use std::rc::Rc;

fn main() {
    let c = shapes::Circle::new("2.0");
    println!("{}", c.perimeter());
    let shared = Rc::new(c.area());
    shapes::run_in_background(shared);
}
